package build_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"kbgen/generator/internal/golden"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/txtar"
	"github.com/spf13/afero"

	"kbgen/generator/build"
	"kbgen/generator/internal/sitetest"
	"kbgen/generator/kb"
)

// badDir is the corpus of malformed (and odd but valid) inputs.
const badDir = "../testdata/bad"

// TestBadInputs runs every case of generator/testdata/bad. Each case is a
// txtar archive: its comment says what it covers and may hold directives,
// its files are laid over a good site (the seed article, already built),
// and its last file, "want", holds the exact diagnostics of the build, one
// per line. go test ./generator/build -run TestBadInputs -update rewrites
// the want sections.
//
// For a case with diagnostics, the build must fail with a kb.ErrorList (so
// the CLI exits 1), must not panic, and must leave public/ byte-identical to
// the good build. A case whose want is empty is valid input (a BOM, CRLF
// line endings, Unicode text): it must build, and its pages must exist.
//
// Directives, one per comment line, make files too large or too strange to
// commit:
//
//	gen <file> size <bytes>        a valid article padded with a comment to <bytes>
//	gen <file> nest-flow <levels>  error: [[[…]]] nested <levels> deep
//	gen <file> nest-map <levels>   error: {a: {a: …}} nested <levels> deep
//	gen <file> nest-block <levels> a block mapping nested <levels> deep
//	gen <file> laughs <levels>     "billion laughs": <levels> anchors, each nine aliases of the previous
//	gen <file> alias-wide <n>      a fix of <n> steps, then <n> aliases of it (n² steps if expanded)
//	gen <file> md-nest <n>         a cause whose text is a list nested <n> deep ("- - - … x")
//	gen <file> md-long <bytes>     a step of at least <bytes> bytes
//	encode <file> crlf|cr|bom|utf16 rewrites a file of the case: CRLF or CR line ends, a
//	                               UTF-8 byte order mark, or UTF-16LE with its mark
//	symlink <link> -> <target>     a symbolic link (the case then runs on the OS file system)
//
// (Line ends and marks are made by the test so that no editor or Git
// setting can change them in the committed file.)
func TestBadInputs(t *testing.T) {
	cases, err := filepath.Glob(filepath.Join(badDir, "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 50 {
		t.Fatalf("found %d cases in %s; want at least 50", len(cases), badDir)
	}
	good := sitetest.Test(t, sitetest.Seed(t))
	goodPublic := snapshot(t, good.Fs, "public")
	if len(goodPublic) == 0 {
		t.Fatal("the good build published nothing")
	}
	for _, file := range cases {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var files []txtar.File
			for _, f := range ar.Files {
				if f.Name != "want" {
					files = append(files, f)
				}
			}
			gens, encs, links := directives(t, string(ar.Comment))

			fsys := afero.Fs(afero.NewMemMapFs())
			if len(links) > 0 {
				// MemMapFs has no symbolic links: run on a real folder.
				fsys = afero.NewBasePathFs(afero.NewOsFs(), t.TempDir())
			}
			copyFs(t, good.Fs, fsys)
			for _, f := range files {
				writeFile(t, fsys, f.Name, f.Data)
			}
			for _, g := range gens {
				writeFile(t, fsys, g.file, g.data)
			}
			for _, e := range encs {
				data, err := afero.ReadFile(fsys, "/"+e.file)
				if err != nil {
					t.Fatalf("encode: %v", err)
				}
				writeFile(t, fsys, e.file, encode(t, e.how, data))
			}
			for _, l := range links {
				real, ok := fsys.(*afero.BasePathFs).RealPath(l.link)
				if ok != nil {
					t.Fatal(ok)
				}
				if err := os.MkdirAll(filepath.Dir(real), 0o777); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink(l.target, real); err != nil {
					t.Skipf("cannot create a symbolic link here: %v", err)
				}
			}

			start := time.Now()
			err = runNoPanic(t, fsys)
			if d := time.Since(start); d > 30*time.Second {
				t.Errorf("the build took %v", d)
			}
			got := ""
			var list kb.ErrorList
			switch {
			case err == nil:
			case errors.As(err, &list):
				for _, e := range list {
					got += e.Error() + "\n"
				}
			default:
				got = "not a list of diagnostics: " + err.Error() + "\n"
			}

			golden.Want(t, file, ar, got)
			if got == "" {
				// Valid input: every article of the case has its page.
				for _, f := range files {
					if p, ok := articlePage(f.Name); ok {
						if _, err := fsys.Stat("/" + p); err != nil {
							t.Errorf("valid input: %s was not built: %v", p, err)
						}
					}
				}
				return
			}
			for _, e := range list {
				if !strings.HasPrefix(e.Pos.File, "content/") && !strings.HasPrefix(e.Pos.File, build.RootFiles+"/") {
					t.Errorf("diagnostic names no file of content/ or %s/: %v", build.RootFiles, e)
				}
			}
			if diff := cmp.Diff(goodPublic, snapshot(t, fsys, "public")); diff != "" {
				t.Errorf("public/ changed by a failed build (-before +after):\n%s", diff)
			}
			for _, name := range []string{".public.building", ".public.old"} {
				if ok, _ := afero.Exists(fsys, "/"+name); ok {
					t.Errorf("left behind: %s", name)
				}
			}
		})
	}
}

// runNoPanic runs build.Run over fsys and turns a panic into a test failure.
func runNoPanic(t *testing.T, fsys afero.Fs) (err error) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("build.Run panicked: %v\n%s", r, debug.Stack())
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	_, err = build.Run(ctx, build.Options{Project: fsys, Dest: fsys})
	return err
}

// articlePage returns the page built from content/<product>/<slug>.yaml.
func articlePage(name string) (string, bool) {
	dir, file := path.Split(name)
	if !strings.HasPrefix(dir, "content/") || path.Ext(file) != ".yaml" || strings.Count(dir, "/") != 2 {
		return "", false
	}
	return path.Join("public", strings.TrimPrefix(dir, "content/"), strings.TrimSuffix(file, ".yaml"), "index.html"), true
}

type genFile struct {
	file string
	data []byte
}

type symlink struct{ link, target string }

type encoding struct{ file, how string }

func directives(t *testing.T, comment string) ([]genFile, []encoding, []symlink) {
	t.Helper()
	var gens []genFile
	var encs []encoding
	var links []symlink
	for _, line := range strings.Split(comment, "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) == 4 && f[0] == "gen":
			n, err := strconv.Atoi(f[3])
			if err != nil {
				t.Fatalf("directive %q: %v", line, err)
			}
			gens = append(gens, genFile{f[1], generate(t, f[2], n)})
		case len(f) == 3 && f[0] == "encode":
			encs = append(encs, encoding{f[1], f[2]})
		case len(f) == 4 && f[0] == "symlink" && f[2] == "->":
			links = append(links, symlink{f[1], f[3]})
		case len(f) > 0 && (f[0] == "gen" || f[0] == "symlink" || f[0] == "encode"):
			t.Fatalf("malformed directive %q", line)
		}
	}
	return gens, encs, links
}

// encode rewrites data as an encode directive says.
func encode(t *testing.T, how string, data []byte) []byte {
	t.Helper()
	switch how {
	case "crlf":
		return []byte(strings.ReplaceAll(string(data), "\n", "\r\n"))
	case "cr":
		return []byte(strings.ReplaceAll(string(data), "\n", "\r"))
	case "bom":
		return append([]byte("\uFEFF"), data...)
	case "utf16":
		out := []byte{0xFF, 0xFE}
		for _, u := range utf16.Encode([]rune(string(data))) {
			out = append(out, byte(u), byte(u>>8))
		}
		return out
	}
	t.Fatalf("unknown encoding %q", how)
	return nil
}

// validArticle is a complete article of the product App.
const validArticle = `error: Cannot connect
product: App
updated: 2026-11-28
summary: Check the network connection, then try again.
causes: [{id: offline, text: No network.}]
fixes: [{id: online, title: Go online, steps: [Turn off airplane mode.], solves: [offline]}]
`

// generate makes the content of a gen directive.
func generate(t *testing.T, kind string, n int) []byte {
	t.Helper()
	var b strings.Builder
	switch kind {
	case "size":
		b.WriteString(validArticle)
		line := "# " + strings.Repeat("padding ", 12) + "\n"
		for b.Len()+len(line) <= n {
			b.WriteString(line)
		}
		b.WriteString(strings.Repeat("#", max(0, n-b.Len()-1)))
		b.WriteString("\n")
	case "nest-flow":
		b.WriteString("error: " + strings.Repeat("[", n) + strings.Repeat("]", n) + "\n")
	case "nest-map":
		b.WriteString("error: " + strings.Repeat("{a: ", n) + "x" + strings.Repeat("}", n) + "\n")
	case "nest-block":
		for i := range n {
			fmt.Fprintf(&b, "%sa%d:\n", strings.Repeat(" ", i), i)
		}
	case "laughs":
		b.WriteString("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
		for i := 1; i < n; i++ {
			fmt.Fprintf(&b, "l%d: &l%d [", i, i)
			for j := range 9 {
				if j > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "*l%d", i-1)
			}
			b.WriteString("]\n")
		}
		fmt.Fprintf(&b, "error: *l%d\n", n-1)
	case "alias-wide":
		b.WriteString(strings.Replace(validArticle, "fixes: [", "fixes: [&f {id: online, title: Go online, steps: &s ["+strings.Repeat("Step., ", n-1)+"Step.]}, ", 1))
		s := b.String()
		b.Reset()
		b.WriteString(strings.Replace(s, "solves: [offline]}]", "solves: [offline]}"+strings.Repeat(", *f", n)+"]", 1))
	case "md-nest":
		b.WriteString(strings.Replace(validArticle, "text: No network.", `text: "`+strings.Repeat("- ", n)+`x"`, 1))
	case "md-long":
		b.WriteString(strings.Replace(validArticle, "steps: [Turn off airplane mode.]", "steps: [\""+strings.Repeat("Turn it off. ", n/13+1)+"\"]", 1))
	default:
		t.Fatalf("unknown generator %q", kind)
	}
	return []byte(b.String())
}

func writeFile(t *testing.T, fsys afero.Fs, name string, data []byte) {
	t.Helper()
	name = "/" + strings.TrimPrefix(name, "/")
	if err := fsys.MkdirAll(path.Dir(name), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := afero.WriteFile(fsys, name, data, 0o666); err != nil {
		t.Fatal(err)
	}
}

// copyFs copies every file of src into dst.
func copyFs(t *testing.T, src, dst afero.Fs) {
	t.Helper()
	err := afero.Walk(src, "/", func(p string, info fs.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		data, err := afero.ReadFile(src, p)
		if err != nil {
			return err
		}
		writeFile(t, dst, filepath.ToSlash(p), data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// snapshot returns every file under dir of fsys with its content.
func snapshot(t *testing.T, fsys afero.Fs, dir string) map[string]string {
	t.Helper()
	out := make(map[string]string)
	err := afero.Walk(fsys, "/"+dir, func(p string, info fs.FileInfo, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if info.IsDir() {
			return nil
		}
		data, err := afero.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		out[filepath.ToSlash(p)] = string(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestValidButOdd builds inputs that are unusual but valid: Unicode text in
// every script, a 300-character title, a fix of 200 steps. Each must build
// and show what was written.
func TestValidButOdd(t *testing.T) {
	title := strings.Repeat("Long title ", 30)[:299] + "!"
	var steps strings.Builder
	for i := 1; i <= 200; i++ {
		fmt.Fprintf(&steps, "      - Step number %d.\n", i)
	}
	s := sitetest.Test(t, sitetest.Seed(t)+`
-- content/app/long-title.yaml --
title: "`+title+`"
error: Cannot connect
product: App
updated: 2026-11-28
summary: Check the network connection, then try again.
causes: [{id: offline, text: No network.}]
fixes:
  - id: online
    title: Go online
    solves: [offline]
    steps:
`+steps.String()+`
-- content/app/unicode.yaml --
error: "Ошибка: не удаётся подключиться — 接続できません 🙁"
product: App
updated: 2026-11-28
summary: "Vérifiez la connexion ; مرحبا بالعالم; שלום; नमस्ते; 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 and a zero-width\u200bjoiner."
causes: [{id: offline, text: "Pas de réseau (ß, ﬁ, Å, é)."}]
fixes: [{id: online, title: "Wieder online gehen", steps: ["Flugmodus ausschalten. 🛫"], solves: [offline]}]
`)
	if len([]rune(title)) != 300 {
		t.Fatalf("title has %d characters", len([]rune(title)))
	}
	long := s.File("public/app/long-title/index.html")
	if !strings.Contains(long, title) {
		t.Error("the 300-character title is not on its page")
	}
	for i := 1; i <= 200; i++ {
		if !strings.Contains(long, fmt.Sprintf("id=online-step-%d>", i)) && !strings.Contains(long, fmt.Sprintf(`id="online-step-%d"`, i)) {
			t.Errorf("step %d has no anchor online-step-%d", i, i)
			break
		}
		if !strings.Contains(long, fmt.Sprintf("Step number %d.", i)) {
			t.Errorf("step %d is not on the page", i)
			break
		}
	}
	uni := s.File("public/app/unicode/index.html")
	for _, want := range []string{"Ошибка: не удаётся подключиться — 接続できません 🙁", "مرحبا بالعالم", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "Flugmodus ausschalten. 🛫"} {
		if !strings.Contains(uni, want) {
			t.Errorf("the Unicode page does not show %q", want)
		}
	}
}
