// Package load reads articles from YAML files into kb values, keeping the
// line and column of every field so that each problem can be reported where
// the writer made it.
package load

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/spf13/afero"

	"kbgen/generator/kb"
	"kbgen/generator/markdown"
)

// MaxFileSize is the largest article file read. A real article is a few
// kilobytes; anything near this is a mistake, not content.
const MaxFileSize = 1 << 20

// Dir loads every article under dir in fsys: dir/<product-slug>/<error-slug>.yaml.
// dir is taken from the root of fsys (the project directory); diagnostics
// name files relative to that root, as content/ios-mail/x.yaml.
// It returns the articles that could be read, sorted by URL, and every
// problem found in any file; it does not stop at the first. Files and
// folders whose name starts with "." or "_" are skipped.
func Dir(fsys afero.Fs, dir string) ([]*kb.Article, kb.ErrorList) {
	var (
		errs  kb.ErrorList
		files []string
	)
	dir = strings.TrimPrefix(path.Clean("/"+dir), "/")
	err := afero.Walk(fsys, "/"+dir, func(p string, info fs.FileInfo, err error) error {
		p = strings.TrimPrefix(path.Clean(filepathToSlash(p)), "/")
		if err != nil {
			errs.Addf(kb.Pos{File: p}, "", "cannot read: %v", unwrapPath(err))
			return nil
		}
		name := info.Name()
		if p != dir && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
			if info.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			errs.Add(kb.Pos{File: p}, "", "is a symbolic link: content must be plain files inside the content folder")
			return nil
		}
		if info.IsDir() {
			return nil
		}
		rel := strings.TrimPrefix(p, dir+"/")
		switch ext := path.Ext(name); {
		case ext != ".yaml" && yamlExt(ext):
			// .yml, or .YAML from a system that shows no case: skipped
			// silently, the article would be missing from the site.
			errs.Addf(kb.Pos{File: p}, "", "articles end in .yaml: rename it to %s", strings.TrimSuffix(name, ext)+".yaml")
		case strings.EqualFold(ext, ".txt") && yamlExt(path.Ext(strings.TrimSuffix(name, ext))):
			// x.yaml.txt: an editor (Notepad, TextEdit) added .txt, and
			// a file manager that hides extensions shows x.yaml.
			stem := strings.TrimSuffix(name, ext)
			errs.Addf(kb.Pos{File: p}, "", "articles end in .yaml, not %s: rename it to %s (the editor added %s when saving)", path.Ext(stem)+ext, strings.TrimSuffix(stem, path.Ext(stem))+".yaml", ext)
		case ext != ".yaml":
			// Not an article (a README, an image for later): left alone.
		case strings.Count(rel, "/") != 1:
			errs.Addf(kb.Pos{File: p}, "", "articles live one folder deep, in a folder per product: %s/<product>/%s", dir, name)
		case info.Size() > MaxFileSize:
			errs.Addf(kb.Pos{File: p}, "", "file is %d bytes; an article must be under %d", info.Size(), MaxFileSize)
		default:
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		errs.Addf(kb.Pos{File: dir}, "", "cannot read: %v", unwrapPath(err))
	}
	if len(files) == 0 && len(errs) == 0 {
		errs.Addf(kb.Pos{File: dir}, "", "no articles found: add one as %s/<product>/<error>.yaml (see docs/writing-articles.md)", dir)
	}

	// Parse in parallel: files are independent, and a large knowledge base
	// is thousands of them.
	articles := make([]*kb.Article, len(files))
	fileErrs := make([]kb.ErrorList, len(files))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for i, p := range files {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			data, err := afero.ReadFile(fsys, "/"+p)
			if err != nil {
				fileErrs[i].Addf(kb.Pos{File: p}, "", "cannot read: %v", unwrapPath(err))
				return
			}
			articles[i], fileErrs[i] = File(p, data)
		}()
	}
	wg.Wait()
	for _, e := range fileErrs {
		errs = append(errs, e...)
	}
	articles = slices.DeleteFunc(articles, func(a *kb.Article) bool { return a == nil })
	slices.SortFunc(articles, func(a, b *kb.Article) int { return strings.Compare(a.URL(), b.URL()) })
	return articles, errs.Sort()
}

// Check loads every article under dir and validates them all. Problems in
// a field that could not be read (a wrong type) are not reported twice: the
// validator's errors for that field and the fields in it are dropped (a
// cause written as text is not also missing its id and its text), and so
// are those of a field the writer misspelled ("sumary" is not also a
// missing summary).
func Check(fsys afero.Fs, dir string) ([]*kb.Article, kb.ErrorList) {
	articles, errs := Dir(fsys, dir)
	type key struct{ file, field string }
	structural := make(map[key]bool)
	for _, e := range errs {
		structural[key{e.Pos.File, e.Field}] = true
		if e.Meant != "" {
			structural[key{e.Pos.File, e.Meant}] = true
		}
	}
	within := func(e *kb.Error) bool {
		for f := e.Field; f != ""; f = parentField(f) {
			if structural[key{e.Pos.File, f}] {
				return true
			}
		}
		return false
	}
	md := markdown.New()
	for _, e := range slices.Concat(kb.Validate(articles), kb.ValidateLinks(articles, articles, md.Links, FileSet(SiteFiles(fsys))), kb.ValidateText(articles, md.Text)) {
		if !within(e) {
			errs = append(errs, e)
		}
	}
	return articles, errs.Sort()
}

// parentField is the field that holds field: fixes[1] of fixes[1].steps,
// fixes of fixes[1], "" of a top-level field.
func parentField(field string) string {
	if i := strings.LastIndexAny(field, ".["); i >= 0 {
		return field[:i]
	}
	return ""
}

// FileSet is files (SiteFiles) as kb.Files.
func FileSet(files map[string]markdown.Image) kb.Files {
	return func(p string) bool {
		_, ok := files[p]
		return ok
	}
}

// File decodes one article from the contents of file (a slash path such as
// content/ios-mail/cannot-verify-server-identity.yaml, which also gives the
// slugs). It returns nil when the YAML cannot be read at all.
func File(file string, data []byte) (*kb.Article, kb.ErrorList) {
	var errs kb.ErrorList
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if !utf8.Valid(data) {
		errs = append(errs, &kb.Error{Pos: invalidUTF8(file, data), Msg: "not valid UTF-8: save the file as UTF-8"})
		return nil, errs
	}
	if bytes.IndexByte(data, '\t') >= 0 {
		if p, ok := indentTab(file, data); ok {
			errs = append(errs, &kb.Error{Pos: p, Msg: "tab in indentation: YAML indents with spaces only"})
			return nil, errs
		}
	}
	n, perr := parse(file, data)
	if perr != nil {
		return nil, append(errs, perr)
	}
	a := &kb.Article{
		File:        file,
		ProductSlug: path.Base(path.Dir(file)),
		Slug:        strings.TrimSuffix(path.Base(file), ".yaml"),
	}
	d := decoder{src: data}
	d.comments = bytes.Contains(data, []byte(" #")) || bytes.Contains(data, []byte("\t#"))
	d.article(n, a)
	a.Notes = d.notes
	return a, d.errs
}

// yamlExt reports an extension that names a YAML file, in any case.
func yamlExt(ext string) bool {
	return strings.EqualFold(ext, ".yaml") || strings.EqualFold(ext, ".yml")
}

// invalidUTF8 returns the position of the first byte that is not UTF-8.
func invalidUTF8(file string, data []byte) kb.Pos {
	line, col := 1, 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			break
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		data = data[size:]
	}
	return kb.Pos{File: file, Line: line, Col: col}
}

// indentTab finds a tab used as indentation, which YAML forbids and which
// parsers report confusingly.
func indentTab(file string, data []byte) (kb.Pos, bool) {
	for i, line := range strings.Split(string(data), "\n") {
		for j, r := range line {
			if r == '\t' {
				return kb.Pos{File: file, Line: i + 1, Col: j + 1}, true
			}
			if r != ' ' && r != '-' {
				break
			}
		}
	}
	return kb.Pos{}, false
}

func filepathToSlash(p string) string { return strings.ReplaceAll(p, string(os.PathSeparator), "/") }

// unwrapPath drops the path from a *fs.PathError, since the diagnostic
// already names the file.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}
