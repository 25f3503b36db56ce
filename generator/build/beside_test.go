package build_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/afero"

	"kbgen/generator/build"
	"kbgen/generator/internal/sitetest"
)

// failingFs refuses to create the files whose path ends with suffix.
type failingFs struct {
	afero.Fs
	suffix string
}

var errRefused = errors.New("disk full (test)")

func (f failingFs) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	if flag&os.O_CREATE != 0 && strings.HasSuffix(name, f.suffix) {
		return nil, &os.PathError{Op: "open", Path: name, Err: errRefused}
	}
	return f.Fs.OpenFile(name, flag, perm)
}

func (f failingFs) Create(name string) (afero.File, error) {
	return f.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o666)
}

// TestBesideFailureLeavesPublicUntouched: the search index and the exports
// are written beside the pages, on other goroutines. When one of their
// files cannot be written, the build fails with that error, public/ stays
// as it was, and nothing is left in the staging folder: the build waits
// for the other writers before removing it.
func TestBesideFailureLeavesPublicUntouched(t *testing.T) {
	for _, suffix := range []string{"/api/articles.json", "/api/articles/ios-mail/cannot-verify-server-identity.json", "/search-index.json", "/reply.txt", "/_redirects"} {
		t.Run(suffix, func(t *testing.T) {
			s := sitetest.Test(t, sitetest.Seed(t))
			before := s.Snapshot("public")
			_, err := build.Run(context.Background(), build.Options{Project: s.Fs, Dest: failingFs{s.Fs, suffix}})
			if !errors.Is(err, errRefused) {
				t.Fatalf("Run() error = %v; want the refused write of %s", err, suffix)
			}
			if diff := cmp.Diff(before, s.Snapshot("public")); diff != "" {
				t.Errorf("public/ changed by a failed build (-before +after):\n%s", diff)
			}
			for _, f := range s.Files() {
				if strings.HasPrefix(f, "/.public") {
					t.Errorf("left behind: %s", f)
				}
			}
		})
	}
}
