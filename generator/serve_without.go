package main

import (
	"context"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/afero"

	"kbgen/generator/build"
	"kbgen/generator/kb"
)

// previewWithout builds the project without the articles that have errors,
// for serve's first build when it fails: the writer then previews every
// other article while fixing those, instead of an error panel alone. An
// article that links to one left out fails in turn and is left out too, a
// few rounds at most. It returns the site and the files left out, or nil
// when no article is left or the errors are not in articles (a template,
// hugo.toml).
func previewWithout(ctx context.Context, project afero.Fs, opts build.Options, errs kb.ErrorList) (afero.Fs, []string) {
	out := make(map[string]bool)
	for range 3 {
		added := false
		for _, e := range errs {
			f := e.Pos.File
			if !strings.HasPrefix(f, "content/") {
				return nil, nil // not an article's problem: nothing to leave out
			}
			if !out[f] {
				out[f], added = true, true
			}
		}
		if !added {
			return nil, nil
		}
		opts.Project = hidden{Fs: project, files: out}
		sess := build.NewSession(opts)
		_, err := sess.Build(ctx, nil)
		sess.Close()
		var list kb.ErrorList
		switch {
		case err == nil:
			return sess.Site(), slices.Sorted(maps.Keys(out))
		case errors.As(err, &list):
			errs = list
		default:
			return nil, nil
		}
	}
	return nil, nil
}

// hidden is a file system without some of its files: Open, Stat and the
// listings of their folders say they are not there.
type hidden struct {
	afero.Fs
	files map[string]bool // slash paths relative to the root (content/app/x.yaml)
}

func (h hidden) hides(name string) bool {
	return h.files[strings.TrimPrefix(path.Clean(filepath.ToSlash(name)), "/")]
}

func notThere(op, name string) error { return &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist} }

func (h hidden) Open(name string) (afero.File, error) {
	if h.hides(name) {
		return nil, notThere("open", name)
	}
	f, err := h.Fs.Open(name)
	if err != nil {
		return nil, err
	}
	return hiddenFile{File: f, h: h, dir: name}, nil
}

func (h hidden) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	if h.hides(name) {
		return nil, notThere("open", name)
	}
	f, err := h.Fs.OpenFile(name, flag, perm)
	if err != nil {
		return nil, err
	}
	return hiddenFile{File: f, h: h, dir: name}, nil
}

func (h hidden) Stat(name string) (os.FileInfo, error) {
	if h.hides(name) {
		return nil, notThere("stat", name)
	}
	return h.Fs.Stat(name)
}

// LstatIfPossible keeps what the project's file system says of symbolic
// links: the build refuses them in static/root.
func (h hidden) LstatIfPossible(name string) (os.FileInfo, bool, error) {
	if h.hides(name) {
		return nil, false, notThere("lstat", name)
	}
	if l, ok := h.Fs.(afero.Lstater); ok {
		return l.LstatIfPossible(name)
	}
	fi, err := h.Fs.Stat(name)
	return fi, false, err
}

// hiddenFile lists a folder without the hidden files.
type hiddenFile struct {
	afero.File
	h   hidden
	dir string
}

func (f hiddenFile) Readdir(n int) ([]os.FileInfo, error) {
	for {
		infos, err := f.File.Readdir(n)
		infos = slices.DeleteFunc(infos, func(fi os.FileInfo) bool { return f.h.hides(path.Join(f.dir, fi.Name())) })
		if len(infos) > 0 || err != nil || n <= 0 {
			return infos, err // a batch (n > 0) is never empty but at the end
		}
	}
}

func (f hiddenFile) Readdirnames(n int) ([]string, error) {
	for {
		names, err := f.File.Readdirnames(n)
		names = slices.DeleteFunc(names, func(name string) bool { return f.h.hides(path.Join(f.dir, name)) })
		if len(names) > 0 || err != nil || n <= 0 {
			return names, err
		}
	}
}

// ReadDir is Readdir as fs.ReadDirFile has it, which Hugo asks for.
func (f hiddenFile) ReadDir(n int) ([]fs.DirEntry, error) {
	rd, ok := f.File.(fs.ReadDirFile)
	if !ok {
		infos, err := f.Readdir(n)
		entries := make([]fs.DirEntry, len(infos))
		for i, fi := range infos {
			entries[i] = fs.FileInfoToDirEntry(fi)
		}
		return entries, err
	}
	for {
		entries, err := rd.ReadDir(n)
		entries = slices.DeleteFunc(entries, func(e fs.DirEntry) bool { return f.h.hides(path.Join(f.dir, e.Name())) })
		if len(entries) > 0 || err != nil || n <= 0 {
			return entries, err
		}
	}
}
