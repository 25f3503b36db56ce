// Package golden compares test output with files kept in testdata, like
// go/printer's tests: `go test -update` rewrites the files instead. It
// holds the -update flag for every test package that imports it.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/txtar"
)

// Update is set by -update: tests rewrite their golden files.
var Update = flag.Bool("update", false, "rewrite golden files instead of comparing with them")

// File compares got with the content of path, or writes it with -update.
func File(t testing.TB, path, got string) {
	t.Helper()
	if *Update {
		if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o666); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", path, diff)
	}
}

// Want compares got with the file named "want" of the txtar archive read
// from path, or, with -update, rewrites that section (adding it last when
// missing).
func Want(t testing.TB, path string, ar *txtar.Archive, got string) {
	t.Helper()
	i := -1
	for j, f := range ar.Files {
		if f.Name == "want" {
			i = j
		}
	}
	if *Update {
		if i < 0 {
			ar.Files = append(ar.Files, txtar.File{Name: "want"})
			i = len(ar.Files) - 1
		}
		ar.Files[i].Data = []byte(got)
		if err := os.WriteFile(path, txtar.Format(ar), 0o666); err != nil {
			t.Fatal(err)
		}
		return
	}
	if i < 0 {
		t.Fatalf("%s: no want section (go test -update writes it)", path)
	}
	if diff := cmp.Diff(string(ar.Files[i].Data), got); diff != "" {
		t.Errorf("%s: diagnostics differ (-want +got):\n%s", path, diff)
	}
}
