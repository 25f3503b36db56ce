package load_test

import (
	"slices"
	"strings"
	"testing"

	"kbgen/generator/kb"
	"kbgen/generator/load"
)

// adviceArticle is a whole article as a writer writes it. The cases of
// TestSyntaxAdvice write one mistake into it: replace its line old with
// new.
const adviceArticle = `# yaml-language-server: $schema=../../schema/article.schema.json
title: Check Your Connection
error: Cannot connect
product: App
updated: 2026-11-28
summary: The app cannot reach its server; check the network connection, then try again.
causes:
  - id: no-network
    text: The device is offline.
fixes:
  - id: go-online
    title: Go online
    solves: [no-network]
    steps:
      - Turn off airplane mode.
      - Open the app again.
`

// withLine returns adviceArticle with the line old (whole, as written,
// indentation included) replaced by new.
func withLine(t testing.TB, old, new string) []byte {
	t.Helper()
	if !strings.Contains(adviceArticle, "\n"+old+"\n") {
		t.Fatalf("adviceArticle has no line %q", old)
	}
	return []byte(strings.Replace(adviceArticle, "\n"+old+"\n", "\n"+new+"\n", 1))
}

// adviceCases are the syntax mistakes writers make most, each with the
// one diagnostic it must give: where, and what to do.
var adviceCases = []struct {
	name, old, new, want string
}{
	// Text whose first character YAML reads as something else.
	{"link starts step", "      - Open the app again.", "      - [Open Microsoft support](https://support.microsoft.com/) in Safari.",
		`16:33: YAML syntax: text that starts with "[" is read as a list: put the whole text in quotes, or start with a word`},
	{"link starts summary", "summary: The app cannot reach its server; check the network connection, then try again.", "summary: [Apple support](https://support.apple.com/) explains it.",
		`6:25: YAML syntax: text that starts with "[" is read as a list: put the whole text in quotes, or start with a word`},
	{"code starts step", "      - Open the app again.", "      - `ping` the server.",
		"16:9: YAML syntax: text cannot start with \"`\", which YAML reserves: put the whole text in quotes, or start with a word"},
	{"mention starts step", "      - Open the app again.", "      - @admin must approve.",
		`16:9: YAML syntax: text cannot start with "@", which YAML reserves: put the whole text in quotes, or start with a word`},
	{"braces start step", "      - Open the app again.", "      - {Enter} the password.",
		`16:17: YAML syntax: text that starts with "{" is read as a mapping ({key: value}): put the whole text in quotes, or start with a word`},
	{"text after list", "    solves: [no-network]", "    solves: [no-network] and more",
		`13:26: YAML syntax: a list in [ ] ends at its "]": put what follows inside the brackets, or remove it`},

	// A key indented under the key above: the parser points at the text above.
	{"key indented under id", "    text: The device is offline.", "      text: The device is offline.",
		"8:9: YAML syntax: check the indentation: line 9, \"text\", must line up with \"id\" on this line, 2 spaces further left"},

	// Text holding ": ", read as a second key.
	{"colon in summary", "summary: The app cannot reach its server; check the network connection, then try again.", "summary: Error: the app cannot reach its server.",
		"6:10: YAML syntax: text that contains \": \" must be in quotes, or YAML reads a second key in it: `summary: \"Error: the app cannot reach its server.\"`"},
	{"colon in long text with quotes", "    title: Go online", `    title: Wi-Fi: turn "Airplane mode" off, then on again and wait # first`,
		"12:12: YAML syntax: text that contains \": \" must be in quotes, or YAML reads a second key in it: `title: 'Wi-Fi: turn \"Airplane mode\" off, then on…'`"},
	// A Windows path: in double quotes "\n" would be a line break and
	// "\W" an error, so the advice quotes it with single quotes.
	{"colon in text with backslashes", "summary: The app cannot reach its server; check the network connection, then try again.", `summary: Error: C:\new\Temp isn't writable`,
		"6:10: YAML syntax: text that contains \": \" must be in quotes, or YAML reads a second key in it: `summary: 'Error: C:\\new\\Temp isn''t writable'`"},
	{"colon in text with both quotes", "summary: The app cannot reach its server; check the network connection, then try again.", `summary: Error: "Inbox" isn't there`,
		"6:10: YAML syntax: text that contains \": \" must be in quotes, or YAML reads a second key in it: `summary: 'Error: \"Inbox\" isn''t there'`"},

	// Quotes.
	{"double quote in double quotes", "      - Open the app again.", `      - "Click "Open" in Safari."`,
		`16:17: YAML syntax: a double quote inside double-quoted text ends it: use single quotes around the text, or write \" for each " inside`},
	{"double quote and apostrophe in double quotes", "      - Open the app again.", `      - "Don't click "Open" yet." # see below`,
		`16:23: YAML syntax: a double quote inside double-quoted text ends it: write \" for each " inside`},
	{"apostrophe in single quotes", "      - Open the app again.", `      - 'Don't open the app.'`,
		`16:14: YAML syntax: a single quote inside single-quoted text ends it: use double quotes around the text, or write it twice ('')`},
	{"quoted word starts step", "      - Open the app again.", `      - "Open" the app again.`,
		`16:16: YAML syntax: text that starts with a double quote ends at the next one: put the whole text in single quotes, or start with a word`},
	{"characters counted, not bytes", "      - Open the app again.", `      - "Öffnen Sie "Einstellungen" erneut."`,
		`16:22: YAML syntax: a double quote inside double-quoted text ends it: use single quotes around the text, or write \" for each " inside`},

	// Keys without their colon.
	{"id without colon", "  - id: no-network", "  - id no-network",
		"8:5: YAML syntax: a key needs a colon and a space after it: `id: no-network`"},
	{"first key without colon", "title: Check Your Connection", "title Check Your Connection",
		"2:1: YAML syntax: a key needs a colon and a space after it: `title: Check Your Connection`"},
	{"key without colon after others", "    title: Go online", "    title Go online",
		"12:5: YAML syntax: a key needs a colon and a space after it: `title: Go online`"},
	{"key without space", "  - id: no-network", "  - id:no-network",
		"8:5: YAML syntax: a key needs a space after its colon: `id: no-network`"},
	{"list key without colon", "    steps:", "    steps",
		"16:28: YAML syntax: a key needs a colon after it: `steps:` on line 14"},

	// Indentation.
	{"text one space left of id", "    text: The device is offline.", "   text: The device is offline.",
		`9:4: YAML syntax: check the indentation: this line must line up with "id" on line 8, 1 space further right`},
	{"solves two spaces left", "    solves: [no-network]", "  solves: [no-network]",
		`13:3: YAML syntax: check the indentation: this line must line up with "title" on line 12, 2 spaces further right`},
	{"top-level key indented", "fixes:", " fixes:",
		`10:2: YAML syntax: check the indentation: this line must line up with "causes" on line 7, 1 space further left`},
	{"step one space left", "      - Open the app again.", "     - Open the app again.",
		`16:6: YAML syntax: check the indentation: this line must line up with the "-" on line 15, 1 space further right`},
}

// TestSyntaxAdvice checks the diagnostic of each common syntax mistake:
// its position and advice taken from the line written, not only from the
// parser's message. It checks the same file with CRLF line ends too.
func TestSyntaxAdvice(t *testing.T) {
	const file = "content/app/cannot-connect.yaml"
	for _, c := range adviceCases {
		t.Run(c.name, func(t *testing.T) {
			data := withLine(t, c.old, c.new)
			for _, data := range [][]byte{data, []byte(strings.ReplaceAll(string(data), "\n", "\r\n"))} {
				a, errs := load.File(file, data)
				if a != nil {
					t.Fatalf("%q loads: want a syntax error", c.new)
				}
				if got, want := errs.Error(), file+":"+c.want; got != want {
					t.Errorf("%q:\n got %s\nwant %s", c.new, got, want)
				}
			}
		})
	}
}

// TestQuotedTextLoads checks that the advice works: the text of each
// mistake of TestSyntaxAdvice, written as the advice says, loads as the
// writer meant and passes validation.
func TestQuotedTextLoads(t *testing.T) {
	for _, c := range []struct{ line, step string }{
		{`      - "[Open Microsoft support](https://support.microsoft.com/) in Safari."`, "[Open Microsoft support](https://support.microsoft.com/) in Safari."},
		{`      - '[Open Microsoft support](https://support.microsoft.com/) in Safari.'`, "[Open Microsoft support](https://support.microsoft.com/) in Safari."},
		{"      - \"`ping` the server.\"", "`ping` the server."},
		{`      - "@admin must approve."`, "@admin must approve."},
		{`      - "{Enter} the password."`, "{Enter} the password."},
		{`      - 'Click "Open" in Safari.'`, `Click "Open" in Safari.`},
		{`      - "Click \"Open\" in Safari."`, `Click "Open" in Safari.`},
		{`      - "Don't click \"Open\" yet." # see below`, `Don't click "Open" yet.`},
		{`      - "Don't open the app."`, "Don't open the app."},
		{`      - 'Don''t open the app.'`, "Don't open the app."},
		{`      - "Error: the app cannot connect."`, "Error: the app cannot connect."},
		{`      - 'Wi-Fi: turn "Airplane mode" off.'`, `Wi-Fi: turn "Airplane mode" off.`},
		{`      - '"Open" the app again.'`, `"Open" the app again.`},
		{`      - "Öffnen Sie \"Einstellungen\" erneut."`, `Öffnen Sie "Einstellungen" erneut.`},
	} {
		data := withLine(t, "      - Open the app again.", c.line)
		a, errs := load.File("content/app/cannot-connect.yaml", data)
		if a != nil {
			errs = append(errs, kb.Validate([]*kb.Article{a})...)
		}
		if err := errs.Err(); err != nil {
			t.Errorf("%s: %v", c.line, err)
			continue
		}
		if got := a.Fixes[0].Steps[1].Src; got != c.step {
			t.Errorf("%s: step is %q, want %q", c.line, got, c.step)
		}
	}
	// The keys with their colon and the indentation as it should be.
	a, errs := load.File("content/app/cannot-connect.yaml", []byte(adviceArticle))
	if a != nil {
		errs = append(errs, kb.Validate([]*kb.Article{a})...)
	}
	if err := errs.Err(); err != nil {
		t.Fatal(err)
	}
	if a.Title.Src != "Check Your Connection" || a.Causes[0].ID.Value != "no-network" || a.Causes[0].Text.Src != "The device is offline." ||
		a.Fixes[0].Title.Src != "Go online" || len(a.Fixes[0].Solves) != 1 || len(a.Fixes[0].Steps) != 2 {
		t.Errorf("adviceArticle does not load as written: %+v", a)
	}
}

// TestAdviceFields checks that the field names the advice knows (for a
// key without its colon, and the level a key belongs to) are the
// decoder's: those it lists as known when it meets an unknown key.
func TestAdviceFields(t *testing.T) {
	const unknown = "zzzzzzzz"
	data := adviceArticle + unknown + ": x\n"
	for _, line := range []string{"    text: The device is offline.", "    title: Go online"} {
		data = strings.Replace(data, "\n"+line+"\n", "\n"+line+"\n"+line[:strings.IndexByte(line, 't')]+unknown+": x\n", 1)
	}
	data += "faq:\n  - q: Why?\n    a: Because.\n    " + unknown + ": x\n"
	_, errs := load.File("content/app/cannot-connect.yaml", []byte(data))
	known := map[string][]string{}
	for _, e := range errs {
		_, list, ok := strings.Cut(e.Msg, `unknown field "`+unknown+`"; known fields are: `)
		if !ok {
			t.Fatalf("unexpected diagnostic: %v", e)
		}
		known[e.Field] = strings.Split(list, ", ")
	}
	top, nested, shared := load.AdviceFields()
	in := func(name string, lists ...[]string) bool {
		for _, l := range lists {
			if slices.Contains(l, name) {
				return true
			}
		}
		return false
	}
	fields := map[string]bool{}
	for path, names := range known {
		for _, name := range names {
			fields[name] = true
			if path == unknown && !in(name, top, shared) || path != unknown && !in(name, nested, shared) {
				t.Errorf("the decoder knows field %q at %s; the advice does not", name, path)
			}
		}
	}
	if len(known) != 4 {
		t.Fatalf("found the fields of %d levels, want 4 (top, cause, fix, question): %v", len(known), errs)
	}
	for _, name := range slices.Concat(top, nested, shared) {
		if !fields[name] {
			t.Errorf("the advice knows field %q; the decoder does not", name)
		}
	}
}

// TestColonAdviceLoads: the quoted line the advice shows, written in
// place of the writer's, loads, and its text is the writer's text
// (backslashes of a Windows path, quotes of either kind).
func TestColonAdviceLoads(t *testing.T) {
	const old = "summary: The app cannot reach its server; check the network connection, then try again."
	for _, text := range []string{
		`Error: C:\new\temp is locked`,
		`Error: C:\Windows is "read-only"`,
		`Error: "Inbox" isn't there`,
		`Error: it's \\server\share`,
		`Error: the app cannot reach it`,
	} {
		_, errs := load.File("content/app/x.yaml", withLine(t, old, "summary: "+text))
		msg := errs.Error()
		i, j := strings.Index(msg, "`summary: "), strings.LastIndex(msg, "`")
		if i < 0 || j <= i {
			t.Errorf("%q: no quoted line in %s", text, msg)
			continue
		}
		a, errs := load.File("content/app/x.yaml", withLine(t, old, msg[i+1:j]))
		if a == nil || len(errs) > 0 {
			t.Errorf("%q: the advised line %s does not load: %v", text, msg[i+1:j], errs)
			continue
		}
		if a.Summary.Src != text {
			t.Errorf("%q: the advised line %s loads as %q", text, msg[i+1:j], a.Summary.Src)
		}
	}
}
