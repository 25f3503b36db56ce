// Package bench measures the generator against the same site built by plain
// Hugo from Markdown, and its search index against Pagefind's.
//
// A benchmark project is a folder with two projects built from one
// generated corpus (package corpus):
//
//	kb/     the YAML articles, with the repository's hugo.toml, layouts/, static/
//	hugo/   the equivalent plain Hugo project: the pages the generator hands
//	        Hugo, written as content/**/*.md (JSON front matter), the
//	        generated static/css/chroma.css, and the same hugo.toml, layouts/
//	        and static/
//
// See docs/benchmarks.md for what "equivalent" means exactly.
package bench

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/afero"

	"kbgen/generator/build"
	"kbgen/generator/corpus"
	"kbgen/generator/hugosite"
)

// Template is what a benchmark project copies from the repository: the
// site configuration, templates and assets.
var Template = []string{"hugo.toml", "layouts", "static"}

// Project is a written benchmark project.
type Project struct {
	Dir    string // holds kb/ and hugo/
	Corpus *corpus.Corpus
}

// KB is the generator's project; Hugo is the plain Hugo project.
func (p *Project) KB() string   { return filepath.Join(p.Dir, "kb") }
func (p *Project) Hugo() string { return filepath.Join(p.Dir, "hugo") }

// WriteProject writes a benchmark project of n articles into dir, taking
// the site template from the repository at repo.
func WriteProject(ctx context.Context, dir, repo string, n int, seed uint64) (*Project, error) {
	p := &Project{Dir: dir, Corpus: corpus.Generate(n, seed)}
	for _, d := range []string{p.KB(), p.Hugo()} {
		if err := os.RemoveAll(d); err != nil {
			return nil, err
		}
		for _, t := range Template {
			if err := copyPath(filepath.Join(repo, t), filepath.Join(d, t)); err != nil {
				return nil, err
			}
		}
	}
	if err := p.Corpus.Write(p.KB()); err != nil {
		return nil, err
	}
	if err := WriteMarkdown(ctx, p.KB(), p.Hugo()); err != nil {
		return nil, err
	}
	return p, nil
}

// WriteMarkdown writes into hugoDir the files the generator would hand
// Hugo for the project at kbDir: content pages under content/, generated
// assets at their place in the project (static/css/chroma.css).
func WriteMarkdown(ctx context.Context, kbDir, hugoDir string) error {
	files, err := build.HugoFiles(ctx, build.Options{Project: osFs(kbDir)})
	if err != nil {
		return err
	}
	for name, data := range files {
		rel := strings.TrimPrefix(name, "/")
		if c, ok := strings.CutPrefix(name, hugosite.ContentDir+"/"); ok {
			rel = path.Join("content", c)
		}
		p := filepath.Join(hugoDir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o777); err != nil {
			return err
		}
		if err := os.WriteFile(p, data, 0o666); err != nil {
			return err
		}
	}
	return nil
}

// BuildPlain builds the plain Hugo project at dir into dir/public with the
// embedded Hugo, as the generator's build runs it (same version, same
// configuration), from content/ on disk.
func BuildPlain(ctx context.Context, dir string) (hugosite.Stats, error) {
	fsys := osFs(dir)
	if err := fsys.RemoveAll("public"); err != nil {
		return hugosite.Stats{}, err
	}
	return hugosite.Build(ctx, hugosite.Options{
		Source:     fsys,
		Dest:       fsys,
		PublishDir: "public",
		ContentDir: "content",
	})
}

func osFs(dir string) afero.Fs {
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	return afero.NewBasePathFs(afero.NewOsFs(), abs)
}

// copyPath copies a file or a folder tree.
func copyPath(from, to string) error {
	return filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, p)
		if err != nil {
			return err
		}
		target := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o777)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(target), 0o777); err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o666)
	})
}

// Tree is the size of a published folder.
type Tree struct {
	Files int
	Bytes int64
	Sums  map[string]string // relative path → SHA-256 of the content (only when asked)
}

func walkTree(dir string, keep bool) (Tree, error) {
	t := Tree{}
	if keep {
		t.Sums = make(map[string]string)
	}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		t.Files++
		t.Bytes += info.Size()
		if keep {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(dir, p)
			sum := sha256.Sum256(data)
			t.Sums[filepath.ToSlash(rel)] = string(sum[:])
		}
		return nil
	})
	return t, err
}

// Compare lists how two published sites differ: files only in a, only in
// b, and in both with different content.
func Compare(a, b string) (onlyA, onlyB, differ []string, err error) {
	ta, err := walkTree(a, true)
	if err != nil {
		return nil, nil, nil, err
	}
	tb, err := walkTree(b, true)
	if err != nil {
		return nil, nil, nil, err
	}
	for name, da := range ta.Sums {
		db, ok := tb.Sums[name]
		switch {
		case !ok:
			onlyA = append(onlyA, name)
		case da != db:
			differ = append(differ, name)
		}
	}
	for name := range tb.Sums {
		if _, ok := ta.Sums[name]; !ok {
			onlyB = append(onlyB, name)
		}
	}
	return sortStrings(onlyA), sortStrings(onlyB), sortStrings(differ), nil
}

func sortStrings(s []string) []string {
	slices.Sort(s)
	return s
}

// summarize groups paths by their first folder: search/ (812 files).
func summarize(paths []string) string {
	if len(paths) == 0 {
		return "none"
	}
	counts := map[string]int{}
	var order []string
	for _, p := range paths {
		k := p
		if i := strings.IndexByte(p, '/'); i >= 0 {
			k = p[:i+1]
		}
		if counts[k] == 0 {
			order = append(order, k)
		}
		counts[k]++
	}
	var parts []string
	for _, k := range order {
		if counts[k] == 1 {
			parts = append(parts, k)
		} else {
			parts = append(parts, fmt.Sprintf("%s (%d files)", k, counts[k]))
		}
	}
	return strings.Join(parts, ", ")
}
