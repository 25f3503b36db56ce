// Package build runs the whole pipeline: load the articles, validate them,
// compute the pages, render them with Hugo into a staging directory, and
// publish by swapping the staging directory into place.
package build

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/spf13/afero"

	"kbgen/generator/export"
	"kbgen/generator/hugosite"
	"kbgen/generator/jsonld"
	"kbgen/generator/kb"
	"kbgen/generator/load"
	"kbgen/generator/markdown"
	"kbgen/generator/search"
	"kbgen/generator/site"
)

// Options say what to build. The zero values of the names are the project's
// conventions: content/ in, public/ out.
type Options struct {
	// Project is the project directory (content/, hugo.toml, layouts/,
	// static/). It is only read.
	Project afero.Fs
	// Dest is where PublishDir is written; usually the project directory.
	Dest       afero.Fs
	ContentDir string // default "content"
	PublishDir string // default "public"
	BaseURL    string // overrides hugo.toml's baseURL when set
	NoIndex    bool   // a preview: pages ask search engines not to index them
	Log        io.Writer
}

func (o *Options) defaults() {
	if o.ContentDir == "" {
		o.ContentDir = "content"
	}
	if o.PublishDir == "" {
		o.PublishDir = "public"
	}
}

// Report says what a build did.
type Report struct {
	Articles   int
	Pages      int
	Files      int
	Elapsed    time.Duration
	PublishDir string
}

func (r *Report) String() string {
	return fmt.Sprintf("built %s, %s in %d ms → %s/",
		plural(r.Articles, "article"), plural(r.Pages, "page"), r.Elapsed.Milliseconds(), r.PublishDir)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// Check loads and validates every article, and returns them, or every
// problem found as a kb.ErrorList.
func Check(ctx context.Context, opts Options) ([]*kb.Article, error) {
	opts.defaults()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	articles, errs := load.Check(opts.Project, opts.ContentDir)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return articles, nil
}

// Run builds the site. On any error, PublishDir is left exactly as it was.
func Run(ctx context.Context, opts Options) (*Report, error) {
	opts.defaults()
	start := time.Now()
	articles, err := Check(ctx, opts)
	if err != nil {
		return nil, err
	}
	plan, err := prepare(articles, opts)
	if err != nil {
		return nil, err
	}

	staging := stagingDir(opts.PublishDir)
	if err := opts.Dest.RemoveAll(staging); err != nil {
		return nil, fmt.Errorf("clearing %s: %w", staging, err)
	}
	stats, err := hugosite.Build(ctx, hugosite.Options{
		Source:     opts.Project,
		Files:      plan.hugoFiles,
		Dest:       opts.Dest,
		PublishDir: staging,
		BaseURL:    plan.site.BaseURL,
		Log:        opts.Log,
	})
	if err == nil {
		var n int
		n, err = copyTree(opts.Project, RootFiles, opts.Dest, staging)
		stats.Files += n
	}
	if err == nil {
		err = writeFiles(opts.Dest, staging, plan.siteFiles)
		stats.Files += len(plan.siteFiles)
	}
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		opts.Dest.RemoveAll(staging)
		return nil, err
	}
	if err := publish(opts.Dest, staging, opts.PublishDir); err != nil {
		opts.Dest.RemoveAll(staging)
		return nil, err
	}
	return &Report{
		Articles:   len(articles),
		Pages:      stats.Pages,
		Files:      stats.Files,
		Elapsed:    time.Since(start),
		PublishDir: opts.PublishDir,
	}, nil
}

// A plan is everything Go decides before Hugo runs: the files Hugo reads
// (content pages, generated assets) and the files published beside what
// Hugo writes (search index, exports, redirects).
type plan struct {
	site      config
	hugoFiles map[string][]byte // by absolute path in Hugo's source
	siteFiles map[string][]byte // by path in the publish directory
}

// prepare computes the plan of a build from valid articles.
func prepare(articles []*kb.Article, opts Options) (*plan, error) {
	siteCfg, err := readSite(opts.Project, opts.BaseURL)
	if err != nil {
		return nil, err
	}
	md := markdown.New()
	related := kb.Related(articles)

	// The exports do not depend on the pages: compute them meanwhile.
	var (
		exports    map[string][]byte
		exportsErr error
		wg         sync.WaitGroup
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		exports, exportsErr = exportFiles(articles, related, md, siteCfg.Site)
	}()
	// The pages name the index's manifest, which is a hash of the index.
	index, err := search.Build(articles, md, siteCfg.synonyms)
	if err != nil {
		wg.Wait()
		return nil, fmt.Errorf("search index: %w", err)
	}
	pages, err := generatedFiles(articles, md, site.Config{
		Site:           siteCfg.Site,
		NoIndex:        opts.NoIndex,
		SearchManifest: "/" + path.Join(SearchDir, index.Manifest),
		Support:        siteCfg.support,
		Related:        related,
	})
	wg.Wait()
	if err != nil {
		return nil, err
	}
	if exportsErr != nil {
		return nil, exportsErr
	}
	files := exports
	for name, data := range index.Files {
		files[path.Join(SearchDir, name)] = data
	}
	files["_redirects"] = site.Redirects(articles)
	return &plan{site: siteCfg, hugoFiles: pages, siteFiles: files}, nil
}

// SearchDir is where the search index is published: beside the search
// page (/search/), not in it, so that every file here can be cached
// forever and the page cannot be.
const SearchDir = "search-index"

// writeFiles writes files (slash path → content) into dir of fsys.
func writeFiles(fsys afero.Fs, dir string, files map[string][]byte) error {
	for name, data := range files {
		p := path.Join(dir, name)
		if err := fsys.MkdirAll(path.Dir(p), 0o777); err != nil {
			return err
		}
		if err := afero.WriteFile(fsys, p, data, 0o666); err != nil {
			return err
		}
	}
	return nil
}

// exportFiles are the knowledge base for tools: the JSON API, llms.txt,
// and beside each article page its Markdown copy and its ticket reply.
func exportFiles(articles []*kb.Article, related map[string][]*kb.Article, md *markdown.Renderer, s jsonld.Site) (map[string][]byte, error) {
	api, err := export.Articles(articles, related, md, s)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{
		"api/articles.json": api,
		"llms.txt":          export.LLMs(articles, md, s),
	}
	for _, a := range articles {
		url := s.Abs(a.URL())
		files[path.Join(a.URL(), "index.md")] = []byte(export.Markdown(a, md, url))
		files[path.Join(a.URL(), "reply.txt")] = []byte(export.Reply(a, md, url))
	}
	return files, nil
}

// RootFiles is the folder of the project whose files are published at the
// root of the site as they are: favicon.ico, social.png, logo.png.
const RootFiles = "static/root"

// copyTree copies every file under dir of src into the folder to of dst,
// keeping the relative paths, and returns how many it copied. A missing dir
// copies nothing.
func copyTree(src afero.Fs, dir string, dst afero.Fs, to string) (int, error) {
	n := 0
	root := "/" + dir
	if ok, _ := afero.DirExists(src, root); !ok {
		return 0, nil
	}
	err := afero.Walk(src, root, func(p string, info fs.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		data, err := afero.ReadFile(src, p)
		if err != nil {
			return err
		}
		target := path.Join(to, strings.TrimPrefix(filepath.ToSlash(p), root))
		if err := dst.MkdirAll(path.Dir(target), 0o777); err != nil {
			return err
		}
		n++
		return afero.WriteFile(dst, target, data, 0o666)
	})
	return n, err
}

// generatedFiles are the files Hugo reads from memory: a content page per
// article, product and the home page, and the code-highlighting stylesheet.
func generatedFiles(articles []*kb.Article, md *markdown.Renderer, cfg site.Config) (map[string][]byte, error) {
	files := make(map[string][]byte)
	pages, err := site.Pages(articles, md, cfg)
	if err != nil {
		return nil, err
	}
	for _, p := range pages {
		data, err := json.Marshal(p.FrontMatter)
		if err != nil {
			return nil, fmt.Errorf("page %s: %w", p.Path, err)
		}
		// JSON front matter: Hugo reads a leading JSON object as the page's
		// front matter; the body is empty, the template does the rest.
		files[path.Join(hugosite.ContentDir, p.Path)] = append(data, '\n')
	}
	css, err := md.CSS()
	if err != nil {
		return nil, err
	}
	files["/static/css/chroma.css"] = []byte(css)
	return files, nil
}

// stagingDir is where a build writes before it is published: beside the
// publish directory, so that the swap is a rename on one file system.
func stagingDir(publishDir string) string {
	dir, base := path.Split(path.Clean("/" + publishDir))
	return path.Join(dir, "."+base+".building")
}

// publish replaces publishDir with staging. The old site is moved aside
// first and removed only once the new one is in place; if the second rename
// fails, the old site is put back.
func publish(fs afero.Fs, staging, publishDir string) error {
	publishDir = path.Clean("/" + publishDir)
	dir, base := path.Split(publishDir)
	old := path.Join(dir, "."+base+".old")
	if err := fs.RemoveAll(old); err != nil {
		return fmt.Errorf("publishing: %w", err)
	}
	hadOld := true
	if err := fs.Rename(publishDir, old); err != nil {
		if !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("publishing: moving the previous %s aside: %w", publishDir, err)
		}
		hadOld = false
	}
	if err := fs.Rename(staging, publishDir); err != nil {
		if hadOld {
			fs.Rename(old, publishDir)
		}
		return fmt.Errorf("publishing: %w", err)
	}
	if hadOld {
		return fs.RemoveAll(old)
	}
	return nil
}
