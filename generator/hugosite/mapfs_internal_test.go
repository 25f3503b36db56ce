package hugosite

import (
	"errors"
	"io"
	"os"
	"slices"
	"syscall"
	"testing"

	"github.com/spf13/afero"
)

// A mapFs shows the same tree as a MemMapFs holding the same files:
// folders, names in order, sizes, contents.
func TestMapFsIsTheTreeOfItsFiles(t *testing.T) {
	files := map[string][]byte{
		"/_generated/content/_index.md":             []byte(`{"title":"home"}`),
		"/_generated/content/a/ios-mail/x/index.md": []byte(`{"title":"x"}`),
		"/_generated/content/a/ios-mail/y/index.md": []byte(`{"title":"y"}`),
		"/_generated/content/a/_index.md":           []byte(`{}`),
		"/_generated/content/ios-mail/_index.md":    []byte(`{"title":"iOS Mail"}`),
		"/static/css/chroma.css":                    []byte(".chroma{}"),
		"/empty.txt":                                {},
	}
	mem := afero.NewMemMapFs()
	for name, data := range files {
		if err := writeMem(mem, name, data); err != nil {
			t.Fatal(err)
		}
	}
	type entry struct {
		path, data string
		dir        bool
		size       int64
	}
	walk := func(fsys afero.Fs) []entry {
		var got []entry
		err := afero.Walk(fsys, "/", func(p string, fi os.FileInfo, err error) error {
			if err != nil {
				return err
			}
			e := entry{path: p, dir: fi.IsDir()}
			if !fi.IsDir() {
				data, err := afero.ReadFile(fsys, p)
				if err != nil {
					return err
				}
				e.data, e.size = string(data), fi.Size()
			}
			got = append(got, e)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	want, got := walk(mem), walk(newMapFs(files))
	if !slices.Equal(got, want) {
		t.Errorf("mapFs:\n%v\nMemMapFs:\n%v", got, want)
	}
}

func TestMapFsReadsInPiecesAndRefusesWrites(t *testing.T) {
	m := newMapFs(map[string][]byte{"/d/a": []byte("abc"), "/d/b": nil, "/d/e/c": nil})
	f, err := m.Open("/d")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for {
		n, err := f.Readdirnames(2)
		names = append(names, n...)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if want := []string{"a", "b", "e"}; !slices.Equal(names, want) {
		t.Errorf("Readdirnames(2) until EOF: %v; want %v", names, want)
	}
	if _, err := f.Read(make([]byte, 1)); !errors.Is(err, syscall.EISDIR) {
		t.Errorf("reading a folder: %v", err)
	}
	a, err := m.Open("/d/a")
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 2)
	if n, _ := a.ReadAt(b, 1); n != 2 || string(b) != "bc" {
		t.Errorf("ReadAt(1) = %q", b[:n])
	}
	if _, err := m.Stat("/d/nothing"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Stat of a missing file: %v", err)
	}
	for what, err := range map[string]error{
		"create":  func() error { _, err := m.Create("/d/new"); return err }(),
		"open rw": func() error { _, err := m.OpenFile("/d/a", os.O_RDWR, 0); return err }(),
		"write":   func() error { _, err := a.Write([]byte("x")); return err }(),
		"remove":  m.Remove("/d/a"),
		"mkdir":   m.MkdirAll("/d/f", 0o777),
	} {
		if !errors.Is(err, syscall.EROFS) {
			t.Errorf("%s: %v; want a read-only file system's error", what, err)
		}
	}
	if data, _ := afero.ReadFile(m, "/d/a"); string(data) != "abc" {
		t.Errorf("after the refused writes: %q", data)
	}
}
