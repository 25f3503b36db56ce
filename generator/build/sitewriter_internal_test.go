package build

import (
	"path/filepath"
	"testing"

	"github.com/spf13/afero"
)

// A siteWriter makes the folders it writes into on a real disk: one whose
// parent exists with one mkdir, one whose parents are missing too, one
// made already (by Hugo, for a page), and a file where a folder should be
// fails.
func TestSiteWriterMakesFolders(t *testing.T) {
	dir := t.TempDir()
	fs := afero.NewOsFs()
	if err := fs.MkdirAll(filepath.Join(dir, "out", "made"), 0o777); err != nil {
		t.Fatal(err)
	}
	w := &siteWriter{fs: fs, dir: filepath.Join(dir, "out")}
	files := map[string]string{
		"top.txt":               "1",
		"made/page.md":          "2",
		"api/articles/a/b.json": "3",
		"api/articles/a/c.json": "4",
		"api/d.json":            "5",
	}
	for name, data := range files {
		if err := w.writeString(name, data); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	for name, want := range files {
		got, err := afero.ReadFile(fs, filepath.Join(dir, "out", name))
		if err != nil || string(got) != want {
			t.Errorf("%s: %q, %v; want %q", name, got, err, want)
		}
	}
	if n := w.n.Load(); n != int64(len(files)) {
		t.Errorf("counted %d files, wrote %d", n, len(files))
	}
	if err := w.write("top.txt/x", []byte("6")); err == nil {
		t.Error("writing under a file: no error")
	}
}
