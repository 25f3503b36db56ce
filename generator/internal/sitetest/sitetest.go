// Package sitetest builds whole sites in memory for tests, the way Hugo's
// own hugolib.Test does: a txtar archive of project files (articles, and
// any template or config to override) is laid over the repository's real
// layouts/, static/ and hugo.toml on an afero.MemMapFs, and build.Run
// renders it. Nothing touches the disk.
package sitetest

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
	"github.com/spf13/afero"

	"kbgen/generator/build"
	"kbgen/generator/corpus"
	"kbgen/generator/kb"
	"kbgen/generator/load"
)

// Site is a built (or failed) site.
type Site struct {
	T      testing.TB
	Fs     afero.Fs // the project and, under public/, the output
	Report *build.Report
	Err    error
}

// Root returns the repository root (the folder holding go.mod).
func Root(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
}

// Project returns a MemMapFs holding the repository's layouts/, static/ and
// hugo.toml, with the files of the txtar archive src laid over them.
func Project(t testing.TB, src string) afero.Fs {
	t.Helper()
	mem := afero.NewMemMapFs()
	root := Root(t)
	osfs := afero.NewBasePathFs(afero.NewOsFs(), root)
	for _, name := range []string{"hugo.toml", "layouts", "static"} {
		err := afero.Walk(osfs, name, func(p string, info fs.FileInfo, err error) error {
			if err != nil || info.IsDir() {
				return err
			}
			data, err := afero.ReadFile(osfs, p)
			if err != nil {
				return err
			}
			return write(mem, p, data)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range txtar.Parse([]byte(src)).Files {
		if err := write(mem, f.Name, f.Data); err != nil {
			t.Fatal(err)
		}
	}
	return mem
}

// Seed returns the seed article's source from the repository's content/.
func Seed(t testing.TB) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(Root(t), "content/ios-mail/cannot-verify-server-identity.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return "-- content/ios-mail/cannot-verify-server-identity.yaml --\n" + string(data)
}

func write(fsys afero.Fs, name string, data []byte) error {
	name = "/" + strings.TrimPrefix(filepath.ToSlash(name), "/")
	if err := fsys.MkdirAll(filepath.Dir(name), 0o777); err != nil {
		return err
	}
	return afero.WriteFile(fsys, name, data, 0o666)
}

// Build builds the project described by the txtar archive src.
func Build(t testing.TB, src string) *Site {
	t.Helper()
	s := &Site{T: t, Fs: Project(t, src)}
	s.Rebuild()
	return s
}

// Test builds src and fails the test if the build fails.
func Test(t testing.TB, src string) *Site {
	t.Helper()
	s := Build(t, src)
	if s.Err != nil {
		t.Fatalf("build failed:\n%v", s.Err)
	}
	return s
}

// Rebuild runs the build again over the current files.
func (s *Site) Rebuild() {
	s.Report, s.Err = build.Run(context.Background(), build.Options{Project: s.Fs, Dest: s.Fs})
}

// Write replaces or adds a project file.
func (s *Site) Write(name, content string) {
	s.T.Helper()
	if err := write(s.Fs, name, []byte(content)); err != nil {
		s.T.Fatal(err)
	}
}

// File returns the content of a file (public/index.html), failing the test
// if it does not exist.
func (s *Site) File(name string) string {
	s.T.Helper()
	data, err := afero.ReadFile(s.Fs, "/"+name)
	if err != nil {
		s.T.Fatalf("%s: %v", name, err)
	}
	return string(data)
}

// AssertFile checks that the file exists and contains every substring.
func (s *Site) AssertFile(name string, substrings ...string) {
	s.T.Helper()
	content := s.File(name)
	for _, sub := range substrings {
		if !strings.Contains(content, sub) {
			s.T.Errorf("%s does not contain %q", name, sub)
		}
	}
}

// AssertNoFile checks that the file does not exist.
func (s *Site) AssertNoFile(name string) {
	s.T.Helper()
	if ok, _ := afero.Exists(s.Fs, "/"+name); ok {
		s.T.Errorf("%s exists; want no such file", name)
	}
}

// Snapshot returns every file under dir with its content, for comparing a
// tree before and after a build.
func (s *Site) Snapshot(dir string) map[string]string {
	s.T.Helper()
	out := make(map[string]string)
	afero.Walk(s.Fs, "/"+dir, func(p string, info fs.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return nil
		}
		data, err := afero.ReadFile(s.Fs, p)
		if err != nil {
			s.T.Fatal(err)
		}
		out[p] = string(data)
		return nil
	})
	return out
}

// Files lists every file in the project, sorted.
func (s *Site) Files() []string {
	var names []string
	for name := range s.Snapshot("") {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// Generated loads the first n articles of the benchmark corpus (its
// default seed), failing the test on any problem.
func Generated(t testing.TB, n int) []*kb.Article {
	t.Helper()
	fsys := afero.NewMemMapFs()
	for _, f := range corpus.Generate(n, corpus.DefaultSeed).Files {
		if err := afero.WriteFile(fsys, "/"+f.Path, f.Data, 0o666); err != nil {
			t.Fatal(err)
		}
	}
	articles, errs := load.Check(fsys, "content")
	if err := errs.Err(); err != nil {
		t.Fatal(err)
	}
	return articles
}
