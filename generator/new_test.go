package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"kbgen/generator/kb"
	"kbgen/generator/load"
)

// TestScaffoldIsValid checks that what `new` writes loads, validates, keeps
// the product and the error exactly as typed, and is valid for the JSON
// Schema editors use, whatever characters YAML gives a meaning to.
func TestScaffoldIsValid(t *testing.T) {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	sch, err := c.Compile(filepath.Join("..", "schema", "article.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	today := time.Date(2026, 11, 28, 15, 4, 5, 0, time.Local)
	for _, tc := range []struct{ product, error string }{
		{"iOS Mail", "Cannot verify server identity"},
		{"Outlook für Mac", "Error: the connection to the server failed"},
		{"App", `The file "report.docx" is locked #2`},
		{"App", "404"},
		{"App", "0x800CCC0E"},
		{"App", "yes"},
		{"App", "- not a list"},
		{"App", "[ERR_CERT_AUTHORITY_INVALID]"},
		{"App", `C:\Users\me: access denied`},
		{"App", "Ends with a colon:"},
		{"App", "'quoted' at the start"},
		{"App", "* star, & anchor, ! tag, % directive, @ at, ` tick"},
		{"Mail 2", "Can’t connect — “server” unavailable"},
		{"App", "TODO list is full"},
	} {
		t.Run(tc.error, func(t *testing.T) {
			file := "content/" + kb.Slugify(tc.product) + "/x.yaml"
			data, err := scaffold(file, tc.product, tc.error, today)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(data, []byte("# yaml-language-server: $schema=../../schema/article.schema.json\n")) {
				t.Errorf("scaffold does not start with the schema line:\n%s", data)
			}
			a, errs := load.File(file, data)
			if len(errs) > 0 {
				t.Fatalf("scaffold does not load:\n%v\n%s", errs, data)
			}
			if errs := kb.Validate([]*kb.Article{a}); len(errs) > 0 {
				t.Fatalf("scaffold is not valid:\n%v\n%s", errs, data)
			}
			if a.Error.Src != tc.error || a.Product.Src != tc.product {
				t.Errorf("scaffold reads back error %q, product %q; want %q, %q", a.Error.Src, a.Product.Src, tc.error, tc.product)
			}
			if got := a.Updated.String(); got != "2026-11-28" {
				t.Errorf("updated = %s; want 2026-11-28", got)
			}
			js, err := yaml.YAMLToJSON(data)
			if err != nil {
				t.Fatal(err)
			}
			v, err := jsonschema.UnmarshalJSON(bytes.NewReader(js))
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(v); err != nil {
				t.Errorf("schema rejects the scaffold: %v\n%s", err, data)
			}
			// Every section has a placeholder to fill, and only placeholders warn.
			var fields []string
			for _, w := range kb.Warnings([]*kb.Article{a}, today) {
				if !strings.Contains(w.Msg, "placeholder") {
					t.Errorf("unexpected warning: %v", w)
				}
				fields = append(fields, w.Field)
			}
			for _, want := range []string{"summary", "causes[0].id", "causes[0].text", "fixes[0].id", "fixes[0].title", "fixes[0].steps[0]", "faq[0].q", "faq[0].a"} {
				if !strings.Contains(strings.Join(fields, " "), want) {
					t.Errorf("no placeholder warning for %s; warnings are for %q", want, fields)
				}
			}
		})
	}
}

// TestNewAsks runs new as at a terminal: missing values are asked for.
func TestNewAsks(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	env := newEnv{
		stdin:    strings.NewReader("  iOS Mail \nCannot get mail\n"),
		terminal: true,
		now:      func() time.Time { return time.Date(2027, 1, 2, 23, 59, 0, 0, time.Local) },
	}
	if err := newArticle(context.Background(), []string{"-C", dir}, env, &stdout, &stderr); err != nil {
		t.Fatalf("new: %v\n%s", err, stderr.String())
	}
	if got, want := stderr.String(), "Product (as readers know it, for example iOS Mail): Error message (exactly as the reader sees it): "; got != want {
		t.Errorf("prompts = %q; want %q", got, want)
	}
	data, err := os.ReadFile(filepath.Join(dir, "content", "ios-mail", "cannot-get-mail.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\nerror: Cannot get mail\n", "\nproduct: iOS Mail\n", "\nupdated: 2027-01-02\n", "\n# review_by: 2028-01-02 "} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("written article does not contain %q:\n%s", want, data)
		}
	}
}

// TestNewExitCodes checks the exit code of each way new can end.
func TestNewExitCodes(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "content", "app"), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "content", "app", "taken.yaml"), []byte("keep"), 0o666); err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name  string
		args  []string
		stdin string
		tty   bool
		want  int
	}{
		{"written", []string{"--product", "App", "--error", "Cannot connect"}, "", false, 0},
		{"help", []string{"--help"}, "", false, 0},
		{"exists", []string{"--product", "App", "--error", "Taken"}, "", false, 1},
		{"no terminal, no flags", nil, "App\nCannot connect\n", false, 2},
		{"terminal, end of input", []string{"--product", "App"}, "", true, 2},
		{"terminal, empty answer", nil, "\n", true, 2},
		{"empty product slug", []string{"--product", "???", "--error", "x"}, "", false, 2},
		{"empty error slug", []string{"--product", "App", "--error", "…"}, "", false, 2},
		{"bad slug", []string{"--product", "App", "--error", "x", "--slug", "a/b"}, "", false, 2},
		{"two lines", []string{"--product", "App", "--error", "line one\nline two"}, "", false, 2},
		{"bad flag", []string{"--nosuch"}, "", false, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			env := newEnv{stdin: strings.NewReader(tc.stdin), terminal: tc.tty, now: now}
			err := newArticle(context.Background(), append([]string{"-C", dir}, tc.args...), env, &stdout, &stderr)
			if got := exitCode(err); got != tc.want {
				t.Errorf("exit code = %d (%v); want %d\nstderr:\n%s", got, err, tc.want, stderr.String())
			}
		})
	}
	data, err := os.ReadFile(filepath.Join(dir, "content", "app", "taken.yaml"))
	if err != nil || string(data) != "keep" {
		t.Errorf("taken.yaml = %q, %v; want it unchanged", data, err)
	}
}

func TestYAMLScalar(t *testing.T) {
	for in, want := range map[string]string{
		"Cannot verify server identity": "Cannot verify server identity",
		"Outlook für Mac":               "Outlook für Mac",
		"Error: access denied":          `"Error: access denied"`,
		"Ends:":                         `"Ends:"`,
		"a #comment":                    `"a #comment"`,
		"404":                           `"404"`,
		"true":                          `"true"`,
		`"quoted"`:                      `"\"quoted\""`,
		`back\slash`:                    `back\slash`,
		`- \ "`:                         `"- \\ \""`,
	} {
		got := yamlScalar(in, false)
		if diff := cmp.Diff(got, want); diff != "" {
			t.Errorf("yamlScalar(%q) mismatch (-got +want):\n%s", in, diff)
		}
	}
}

// TestNewLongNameSaysRename checks the advice for a long file name: rename
// the file. Running new again with --slug would write a second article
// with the same message, which check rejects.
func TestNewLongNameSaysRename(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	env := newEnv{now: func() time.Time { return time.Date(2027, 1, 2, 12, 0, 0, 0, time.Local) }}
	msg := "Outlook cannot connect to the server because the server is not responding right now"
	if err := newArticle(context.Background(), []string{"-C", dir, "--product", "Outlook", "--error", msg}, env, &stdout, &stderr); err != nil {
		t.Fatalf("new: %v\n%s", err, stderr.String())
	}
	want := "mv content/outlook/outlook-cannot-connect-to-the-server-because-the-server-is-not-responding.yaml content/outlook/<shorter-name>.yaml\n"
	if !strings.Contains(stdout.String(), want) {
		t.Errorf("new printed:\n%s\nwant a line ending in %q", stdout.String(), want)
	}
	if strings.Contains(stdout.String(), "--slug") {
		t.Errorf("new printed:\n%s\nit must not suggest --slug after the file is written", stdout.String())
	}
}
