package load_test

import (
	"io/fs"
	"kbgen/generator/internal/golden"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/txtar"
	"github.com/spf13/afero"

	"kbgen/generator/kb"
	"kbgen/generator/load"
)

// TestDiagnostics runs every case in testdata/diag: a txtar archive of
// content files and, last, a "want" file holding the diagnostics the loader
// and validator must print for them, in order. go test -update rewrites it.
func TestDiagnostics(t *testing.T) {
	cases, err := filepath.Glob("testdata/diag/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 10 {
		t.Fatalf("found %d cases in testdata/diag; the corpus is missing", len(cases))
	}
	for _, file := range cases {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			mem := afero.NewMemMapFs()
			for _, f := range ar.Files {
				if f.Name == "want" {
					continue
				}
				if err := afero.WriteFile(mem, "/"+f.Name, f.Data, 0o666); err != nil {
					t.Fatal(err)
				}
			}
			golden.Want(t, file, ar, diagnostics(mem))
		})
	}
}

func diagnostics(fsys afero.Fs) string {
	_, errs := load.Check(fsys, "content")
	var b strings.Builder
	for _, e := range errs {
		b.WriteString(e.Error())
		b.WriteByte('\n')
	}
	return b.String()
}

func TestSeedLoadsClean(t *testing.T) {
	root, _ := filepath.Abs("../..")
	articles, errs := load.Check(afero.NewBasePathFs(afero.NewOsFs(), root), "content")
	if err := errs.Err(); err != nil {
		t.Fatal(err)
	}
	var seed *kb.Article
	for _, a := range articles {
		if a.URL() == "/ios-mail/cannot-verify-server-identity/" {
			seed = a
		}
	}
	if seed == nil {
		t.Fatal("seed article not loaded")
	}
	got := []int{len(seed.Causes), len(seed.FixesAt(kb.Basic)), len(seed.FixesAt(kb.Advanced)), len(seed.FAQ)}
	if diff := cmp.Diff([]int{6, 4, 2, 4}, got); diff != "" {
		t.Errorf("causes, basic fixes, advanced fixes, FAQ (-want +got):\n%s", diff)
	}
	if p := seed.Fixes[2].Steps[1].Pos; p.Line == 0 || p.Col == 0 {
		t.Errorf("step position not kept: %v", p)
	}
}

// failingFs fails to open one file, like a file without read permission.
type failingFs struct {
	afero.Fs
	name string
}

func (f failingFs) Open(name string) (afero.File, error) {
	if name == f.name {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return f.Fs.Open(name)
}

func TestUnreadableFile(t *testing.T) {
	mem := afero.NewMemMapFs()
	afero.WriteFile(mem, "/content/app/locked.yaml", []byte("error: x\n"), 0o000)
	got := diagnostics(failingFs{mem, "/content/app/locked.yaml"})
	want := "content/app/locked.yaml: cannot read: open: permission denied\n" +
		"content: no articles found: add one as content/<product>/<error>.yaml (see docs/writing-articles.md)\n"
	if got != want && !strings.HasPrefix(got, "content/app/locked.yaml: cannot read") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got, want)
	}
	if !strings.Contains(got, "permission denied") {
		t.Errorf("diagnostics %q do not say why the file could not be read", got)
	}
}
