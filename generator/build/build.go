// Package build runs the whole pipeline: load the articles, validate them,
// compute the pages, render them with Hugo into a staging directory, and
// publish by swapping the staging directory into place.
package build

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/spf13/afero"

	"kbgen/generator/export"
	"kbgen/generator/hugosite"
	"kbgen/generator/internal/par"
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

// sourceFolders are the project's own folders, and Hugo's: a build
// replaces its publish folder whole, so it must be none of these, nor
// inside one.
var sourceFolders = []string{
	"content", "layouts", "static", "generator", "schema", "docs", "config",
	"assets", "data", "i18n", "archetypes", "themes", ".git", ".ci", ".github",
}

// CheckPublishDir returns an error when a build may not publish into dir:
// a build replaces that folder with the new site, so it must be a folder of
// its own inside the project (public, or site/out), not the project
// itself, one of its sources (content would be deleted), or a path that
// leaves it.
func CheckPublishDir(dir string) error {
	clean := path.Clean(filepath.ToSlash(dir))
	first, _, _ := strings.Cut(clean, "/")
	switch {
	case path.IsAbs(clean) || filepath.IsAbs(dir) || clean == "." || first == "..":
		return fmt.Errorf("-o %s: the publish folder must be a folder inside the project, such as public", dir)
	case slices.ContainsFunc(sourceFolders, func(f string) bool { return strings.EqualFold(f, first) }): // Content is content on macOS and Windows
		return fmt.Errorf("-o %s: a build replaces its publish folder whole, and %s/ is the project's own: publish into a folder of its own, such as public", dir, first)
	}
	return nil
}

// Report says what a build did.
type Report struct {
	Articles   int
	Pages      int
	Files      int
	Elapsed    time.Duration
	PublishDir string
	// Phases are the steps of the build in order, with their wall time.
	Phases []Phase
	cpu    time.Duration // the process's CPU time at the last lap
	// Partial is set for a Session's build that re-rendered only the
	// pages of edited articles; Pages then counts the pages it changed,
	// and Edited holds the articles as they are now.
	Partial bool
	Edited  []*kb.Article
}

// A Phase is one step of a build and how long it took.
type Phase struct {
	Name    string
	Elapsed time.Duration
	// CPU is the CPU time the whole process used during a phase of the
	// main line, on every core: the beside work's share included. Zero
	// where it is not measured.
	CPU    time.Duration
	Beside bool // ran beside the main line: its time overlaps the phases listed before it
}

func (r *Report) String() string {
	return fmt.Sprintf("built %s, %s in %d ms → %s/",
		plural(r.Articles, "article"), r.pages(), r.Elapsed.Milliseconds(), r.PublishDir)
}

// Timings lists the phases, one a line, for build -timings.
func (r *Report) Timings() string {
	var b strings.Builder
	name := func(p Phase) string {
		if p.Beside {
			return "  beside: " + p.Name
		}
		return p.Name
	}
	width := 0
	for _, p := range r.Phases {
		width = max(width, utf8.RuneCountInString(name(p)))
	}
	for _, p := range r.Phases {
		fmt.Fprintf(&b, "%-*s %7d ms", width, name(p), p.Elapsed.Milliseconds())
		if p.CPU > 0 && p.Elapsed > 0 {
			fmt.Fprintf(&b, "  (CPU %d ms, %.1f cores)", p.CPU.Milliseconds(), p.CPU.Seconds()/p.Elapsed.Seconds())
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// startClock starts the first phase's CPU time; the caller keeps its wall
// time.
func (r *Report) startClock() { r.cpu = processCPU() }

func (r *Report) lap(name string, since *time.Time) {
	now, cpu := time.Now(), processCPU()
	r.Phases = append(r.Phases, Phase{Name: name, Elapsed: now.Sub(*since), CPU: cpu - r.cpu})
	*since, r.cpu = now, cpu
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
	errs = append(errs, checkRootFiles(opts.Project)...)
	if err := errs.Sort().Err(); err != nil {
		return nil, err
	}
	return articles, nil
}

// checkRootFiles reports what in static/root is not a plain file: the
// folder is published as it is, and a symbolic link would publish what it
// points at, anywhere on the machine that builds (/etc/passwd, the
// build's environment in /proc/self/environ).
func checkRootFiles(project afero.Fs) kb.ErrorList {
	var errs kb.ErrorList
	afero.Walk(project, "/"+RootFiles, func(p string, info fs.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return nil // no folder: nothing to publish
		}
		if !info.Mode().IsRegular() {
			errs.Add(kb.Pos{File: strings.TrimPrefix(filepath.ToSlash(p), "/")}, "", "is not a plain file (a symbolic link?): static/root is published as it is, so copy the file itself in")
		}
		return nil
	})
	return errs
}

// Run builds the site. On any error, PublishDir is left exactly as it was.
//
// Everything is written into a staging directory beside PublishDir, which
// replaces it at the end. What Go makes (search index, exports, redirects)
// is written there as soon as it is made and then dropped, beside the
// related articles, the pages and Hugo's render (see prepare).
func Run(ctx context.Context, opts Options) (rep *Report, err error) {
	opts.defaults()
	if err := CheckPublishDir(opts.PublishDir); err != nil {
		return nil, err
	}
	if info, err := opts.Dest.Stat("/" + opts.PublishDir); err == nil && !info.IsDir() {
		return nil, fmt.Errorf("-o %s: is a file of the project, and a build replaces its publish folder whole: publish into a folder of its own, such as public", opts.PublishDir)
	}
	if err := recoverPublished(opts.Dest, opts.PublishDir); err != nil {
		return nil, err
	}
	start := time.Now()
	rep = &Report{PublishDir: opts.PublishDir}
	endPrepareGC := gcFor(prepareGC)
	defer endPrepareGC()
	rep.startClock()
	lap := start
	articles, err := Check(ctx, opts)
	if err != nil {
		return nil, err
	}
	rep.Articles = len(articles)
	rep.lap("load and validate", &lap)

	staging := stagingDir(opts.PublishDir)
	if err := opts.Dest.RemoveAll(staging); err != nil {
		return nil, fmt.Errorf("clearing %s: %w", staging, err)
	}
	defer func() {
		if err != nil {
			opts.Dest.RemoveAll(staging)
		}
	}()
	out := &siteWriter{fs: opts.Dest, dir: staging}
	p, err := prepare(articles, opts, markdown.New(), true, out, rep, &lap)
	if err != nil {
		return nil, err
	}
	// The index and the exports go on beside Hugo, whose process and
	// assemble steps leave part of a core idle; a failed build waits for
	// them before its staging folder is removed (this runs before the
	// removal).
	report := rep // rep is nil once an error is returned
	defer func() {
		if err != nil {
			p.beside.wait(report)
		}
	}()
	// What made the pages is garbage now (the model lives on for the
	// work beside). The render's lower GOGC starts a collection at once
	// (the heap is past the goal it gives the last one's live heap), in
	// the background: a forced runtime.GC here, which did the same on
	// the main line, held Hugo back 0.8 s at 10,000 articles for the
	// same peak RSS (docs/benchmarks.md, session 14).
	p.related, articles = nil, nil
	endPrepareGC()
	endRenderGC := gcFor(renderGC)
	stats, err := hugosite.Build(ctx, hugosite.Options{
		Source:      opts.Project,
		Files:       p.pages,
		Dest:        opts.Dest,
		PublishDir:  staging,
		BaseURL:     p.cfg.BaseURL,
		NoSiteFiles: true, // siteFiles
		Log:         opts.Log,
		Pages:       p.hugoPages,
	})
	endRenderGC()
	p.pages, p.hugoPages = nil, nil // Hugo is done with them
	if err != nil {
		return nil, err
	}
	rep.lap("hugo", &lap)
	if err := p.waitBeside(rep, &lap); err != nil {
		return nil, err
	}
	n, err := copyTree(opts.Project, RootFiles, opts.Dest, staging)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := publish(opts.Dest, staging, opts.PublishDir); err != nil {
		return nil, err
	}
	rep.lap("publish", &lap)
	rep.Pages = stats.Pages
	rep.Files = stats.Files + n + int(out.n.Load())
	rep.Elapsed = time.Since(start)
	return rep, nil
}

// previewHeaders is Netlify's _headers file of a preview build (NoIndex):
// netlify.toml's rules are the same for every deploy.
const previewHeaders = "# A preview build: nothing of it is indexed. Generated; do not edit.\n/*\n  X-Robots-Tag: noindex\n"

// The collector's GOGC by phase of a build. While Go prepares the pages,
// the live heap grows from nothing to about 1.1 GB at 10,000 articles (the
// model, the rendered fields, the pages' JSON), and at the default 100 the
// collector ran about 45 times on the way, marking all of it each time:
// 6 s of CPU, three quarters of the build's collection. At 200 half as
// often; at 300 (session 6) the last two collections before the render,
// which marked 0.65 and 1.1 GB, became one: 1.2 s of CPU less at 10,000
// articles, and the heap's peak while preparing (2.5 GB) stays below the
// render's, so peak RSS did not move (docs/benchmarks.md).
// Hugo's render is the peak of a build's memory. Until session 13 its heap
// held the generated pages' JSON (about 330 MB at 10,000 articles), which
// plain Hugo reads from disk, and the render ran at GOGC 75: its peak RSS
// fell from 3.5–3.6 GB to 3.1–3.2 GB. Since Hugo takes the articles as Go
// values that JSON is gone, and at Go's default of 100 the render's
// collection costs 0.55 s of CPU less at 10,000 articles (gctrace, summed
// over four builds each: 2.9 s against 3.5 s) for a peak RSS of 2.9–3.0 GB,
// plain Hugo's own (docs/benchmarks.md, session 14).
const (
	prepareGC = 300
	renderGC  = 100
)

// LoadGC sets the collector as a build does while it loads and prepares
// (prepareGC), for a command that only loads and checks the articles: it
// returns what puts it back. At 10,000 articles check's collection cost
// 0.6 s of CPU at the default and 0.1 s at 300, and check took 1.6 s
// instead of 1.8 s; its peak RSS is then 750 MB instead of 420 MB.
func LoadGC() (end func()) { return gcFor(prepareGC) }

var gcState struct {
	sync.Mutex
	asked  map[int]int // phases running now, by the GOGC they asked for
	before int         // GOGC before the first of them
}

// gcFor sets GOGC to percent for a phase of a build and returns what ends
// the phase. Builds may overlap in one process (tests build in parallel):
// the lowest GOGC asked for holds, the render's over a preparation's, and
// the process's own comes back when the last phase ends. A GOGC set in the
// environment is left alone.
func gcFor(percent int) (end func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	st := &gcState
	st.Lock()
	if len(st.asked) == 0 {
		st.before = debug.SetGCPercent(percent)
		st.asked = map[int]int{}
	}
	st.asked[percent]++
	debug.SetGCPercent(slices.Min(slices.Collect(maps.Keys(st.asked))))
	st.Unlock()
	return sync.OnceFunc(func() {
		st.Lock()
		defer st.Unlock()
		if st.asked[percent]--; st.asked[percent] == 0 {
			delete(st.asked, percent)
		}
		if len(st.asked) == 0 {
			debug.SetGCPercent(st.before)
			st.asked = nil
			return
		}
		debug.SetGCPercent(slices.Min(slices.Collect(maps.Keys(st.asked))))
	})
}

// A siteWriter writes files beside what Hugo publishes, from any goroutine.
// A nil fs only counts them.
type siteWriter struct {
	fs   afero.Fs
	dir  string
	n    atomic.Int64
	dirs sync.Map // folders made so far: a large site writes thousands of files into few
}

func (w *siteWriter) write(name string, data []byte) error {
	f, err := w.create(name)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// writeString is write for text made as a string: an *os.File writes a
// string as it is, where a conversion to []byte would copy it (at 10,000
// articles, 150 MB of Markdown copies and replies).
func (w *siteWriter) writeString(name, data string) error {
	f, err := w.create(name)
	if err != nil {
		return err
	}
	_, err = io.WriteString(f, data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// create opens a file for writing, for what is written in pieces.
func (w *siteWriter) create(name string) (io.WriteCloser, error) {
	w.n.Add(1)
	if w.fs == nil {
		return nopCloser{}, nil
	}
	p := path.Join(w.dir, name)
	if dir := path.Dir(p); !w.made(dir) {
		// Most folders are an article's, whose parent (the product's) is
		// made already: one mkdir, where MkdirAll looks at the folder first
		// (10,000 system calls fewer at 10,000 articles). It may be there,
		// made by Hugo for the page.
		if err := w.fs.Mkdir(dir, 0o777); err != nil && !os.IsExist(err) {
			if err := w.fs.MkdirAll(dir, 0o777); err != nil {
				return nil, err
			}
		}
		w.dirs.Store(dir, true)
	}
	return w.fs.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o666)
}

// nopCloser discards what is written, strings included without a copy
// (writeString), as a file would take them.
type nopCloser struct{}

func (nopCloser) Write(p []byte) (int, error)       { return len(p), nil }
func (nopCloser) WriteString(s string) (int, error) { return len(s), nil }
func (nopCloser) Close() error                      { return nil }

func (w *siteWriter) made(dir string) bool {
	_, ok := w.dirs.Load(dir)
	return ok
}

// prepared is what prepare decided.
type prepared struct {
	cfg   config
	pages map[string][]byte // the files Hugo reads, by absolute path in its source
	// hugoPages are the pages Hugo takes as Go values, without a file
	// (prepare's values).
	hugoPages []hugosite.Page
	related   map[string][]*kb.Article
	files     map[string]markdown.Image // load.SiteFiles
	// siteFilesSum is the hash of the sitemap, feed and opensearch.xml
	// written beside (set when the beside work is done).
	siteFilesSum uint64
	// beside is the work still running beside: the caller waits for it
	// (waitBeside) before it uses what the work writes.
	beside *beside
}

// waitBeside waits for the beside work and laps the wait.
func (p *prepared) waitBeside(rep *Report, lap *time.Time) error {
	if err := p.beside.wait(rep); err != nil {
		return err
	}
	rep.lap("waiting for the index and exports", lap)
	return nil
}

// prepare does everything Go decides before Hugo runs: it returns the
// site's configuration and the files Hugo reads (content pages, generated
// assets), and writes the files published beside what Hugo writes (search
// index, exports, redirects) to out. No page depends on those, so they are
// made beside Hugo, once the pages are made, on whatever core is free:
// the caller waits for them (waitBeside).
//
// With values, the articles' pages are handed to Hugo as Go values
// (prepared.hugoPages), not files: see generatedFiles.
func prepare(articles []*kb.Article, opts Options, md *markdown.Renderer, values bool, out *siteWriter, rep *Report, lap *time.Time) (p *prepared, err error) {
	siteCfg, err := readSite(opts.Project, opts.BaseURL)
	if err != nil {
		return nil, err
	}
	// About 6 renderings per article are remembered (a generated corpus
	// of 1,000 articles: 5,387): text that needs no parser (plain, or
	// simple inline markup) is not; what is, is mostly text over several
	// lines: code blocks, lists, paragraphs.
	md.Expect(len(articles) * 6)
	// Images in articles get their width and height from the files.
	files := load.SiteFiles(opts.Project)
	md.SetImages(files)
	bg := &beside{}
	defer func() {
		if err != nil {
			bg.wait(rep)
		}
	}()
	related := kb.Related(articles)
	rep.lap("related articles", lap)
	replies := &export.Replies{} // made for the pages, shown again by the exports
	pages, hugoPages, err := generatedFiles(articles, md, values, site.Config{
		Site:           siteCfg.Site,
		NoIndex:        opts.NoIndex,
		SearchManifest: SearchManifest,
		Support:        siteCfg.support,
		Related:        related,
		Replies:        replies,
	})
	if err != nil {
		return nil, err
	}
	rep.lap("pages", lap)
	// Hugo waits for the pages alone: the index and the exports start
	// now, and run beside Hugo, whose process and assemble steps leave
	// part of a core idle (plain Hugo uses 1.0–1.5 of two there). Started earlier, they took cores from the pages, and so
	// delayed Hugo by more than they then shortened the render. The
	// exports are in two parts, so that neither is one long job left on
	// one core at the end.
	p = &prepared{cfg: siteCfg, pages: pages, hugoPages: hugoPages, related: related, files: files, beside: bg}
	bg.run("search index", func() error {
		if err := writeIndex(articles, md, siteCfg.synonyms, out); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		return nil
	})
	bg.run("exports: API catalog, llms.txt, _redirects, sitemap, feed", func() error {
		if err := writeAPI(articles, related, md, siteCfg.Site, out); err != nil {
			return err
		}
		sum, err := writeSiteFiles(articles, md, siteCfg, out)
		if err != nil {
			return err
		}
		p.siteFilesSum = sum
		if opts.NoIndex {
			// A preview: every file, not only the pages, asks not to be
			// indexed. robots.txt allows crawling, or search engines could
			// not read the noindex, and might list the preview's URLs.
			if err := out.write("_headers", []byte(previewHeaders)); err != nil {
				return err
			}
		}
		return out.write("_redirects", site.Redirects(articles))
	})
	bg.run("exports: index.md, reply.txt and API per article", func() error {
		return writeArticleExports(articles, related, md, siteCfg.Site, replies, out)
	})
	return p, nil
}

// A beside runs the work a build does beside its main line (related
// articles, pages): the search index and the exports.
type beside struct {
	wg     sync.WaitGroup
	mu     sync.Mutex
	err    error
	phases []Phase
}

func (b *beside) run(name string, f func() error) {
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		start := time.Now()
		err := f()
		b.mu.Lock()
		defer b.mu.Unlock()
		if err != nil && b.err == nil {
			b.err = err
		}
		b.phases = append(b.phases, Phase{Name: name, Elapsed: time.Since(start), Beside: true})
	}()
}

// wait waits for the work, adds its phases to rep (once) and returns its
// first error.
func (b *beside) wait(rep *Report) error {
	b.wg.Wait()
	b.mu.Lock()
	defer b.mu.Unlock()
	rep.Phases = append(rep.Phases, b.phases...)
	b.phases = nil
	return b.err
}

// writeIndex builds the search index and writes it: the manifest at
// SearchManifest, the other files in SearchDir.
func writeIndex(articles []*kb.Article, md *markdown.Renderer, synonyms [][]string, out *siteWriter) error {
	index, err := search.Build(articles, md, synonyms)
	if err != nil {
		return err
	}
	for name, data := range index.Files {
		if err := out.write(path.Join(SearchDir, name), data); err != nil {
			return err
		}
	}
	return out.write(SearchManifest, index.Manifest)
}

// SearchDir is where the search index's files are published: beside the
// search page (/search/), not in it, so that every file here can be cached
// forever and the page cannot be. Their manifest, SearchManifest, is
// beside the folder and revalidated like a page.
const (
	SearchDir      = "search-index"
	SearchManifest = "/" + SearchDir + ".json"
)

// writeArticleExports writes, for each article, its Markdown copy and its
// ticket reply beside its page, and its API document
// (/api/articles/<id>.json).
func writeArticleExports(articles []*kb.Article, related map[string][]*kb.Article, md *markdown.Renderer, s jsonld.Site, replies *export.Replies, out *siteWriter) error {
	var buf []byte
	for _, a := range articles {
		url := s.Abs(a.URL())
		if err := out.writeString(path.Join(a.URL(), "index.md"), export.Markdown(a, md, url)); err != nil {
			return err
		}
		if err := out.writeString(path.Join(a.URL(), "reply.txt"), replies.Reply(a, md, url)); err != nil {
			return err
		}
		buf = export.AppendDocument(buf[:0], a, related[a.URL()], md, s, replies)
		if err := out.write(export.APIPath(a), buf); err != nil {
			return err
		}
	}
	return nil
}

// writeAPI writes the exports of the whole knowledge base: the API's
// catalog and llms.txt.
func writeAPI(articles []*kb.Article, related map[string][]*kb.Article, md *markdown.Renderer, s jsonld.Site, out *siteWriter) error {
	f, err := out.create(export.CatalogPath)
	if err != nil {
		return err
	}
	err = export.WriteCatalog(f, articles, related, md, s)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return out.write("llms.txt", export.LLMs(articles, md, s))
}

// siteFiles are the files that describe the whole site to machines:
// sitemap.xml (and, on a site too large for one, the files it indexes),
// the feed (index.xml) and opensearch.xml. Go makes them, not Hugo: see
// site.Sitemaps and site.Feed.
func siteFiles(articles []*kb.Article, md *markdown.Renderer, cfg config) map[string][]byte {
	files := site.Sitemaps(articles, cfg.Site, site.MaxSitemapURLs)
	files["index.xml"] = site.Feed(articles, md, cfg.Site)
	files["opensearch.xml"] = site.OpenSearch(cfg.Site, cfg.shortName)
	return files
}

// writeSiteFiles writes siteFiles and returns their hash (sumFiles).
func writeSiteFiles(articles []*kb.Article, md *markdown.Renderer, cfg config, out *siteWriter) (uint64, error) {
	files := siteFiles(articles, md, cfg)
	for name, data := range files {
		if err := out.write(name, data); err != nil {
			return 0, err
		}
	}
	return sumFiles(files), nil
}

// RootFiles is the folder of the project whose files are published at the
// root of the site as they are: favicon.ico, social.png, logo.png, the
// images of articles.
const RootFiles = load.RootDir

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
		if !info.Mode().IsRegular() {
			return fmt.Errorf("%s is not a plain file", p) // checkRootFiles said so first
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
// article (or per article of cfg.Only), product and the home page, and
// the code-highlighting stylesheet. With values, the articles' pages are
// returned as Go values for Hugo (hugosite.Page) instead of files: what
// their JSON front matter holds, never encoded nor parsed (see
// site.Page.HugoParams). The product, home and other pages stay files:
// there are a few dozen.
func generatedFiles(articles []*kb.Article, md *markdown.Renderer, values bool, cfg site.Config) (map[string][]byte, []hugosite.Page, error) {
	files := make(map[string][]byte)
	pages, err := site.Pages(articles, md, cfg)
	if err != nil {
		return nil, nil, err
	}
	var hugoPages []hugosite.Page
	if values {
		var articlePages, rest []site.Page
		for _, p := range pages {
			if p.IsArticle() {
				articlePages = append(articlePages, p)
			} else {
				rest = append(rest, p)
			}
		}
		for _, p := range articlePages {
			// hugosite.Page carries no build options or sitemap setting:
			// an article never has them (a page that did would need them
			// added there, or to stay a file).
			if p.FrontMatter.Build != nil || p.FrontMatter.Sitemap != nil {
				return nil, nil, fmt.Errorf("page %s: build options and sitemap settings are not handed to Hugo as values", p.Path)
			}
		}
		hugoPages = make([]hugosite.Page, len(articlePages))
		par.For(len(articlePages), func(i int) {
			p := &articlePages[i]
			fm := &p.FrontMatter
			hugoPages[i] = hugosite.Page{
				Path:        strings.TrimSuffix(p.Path, "/index.md"),
				Title:       fm.Title,
				URL:         fm.URL,
				Description: fm.Description,
				Layout:      fm.Layout,
				Aliases:     fm.Aliases,
				Date:        fm.Date,
				Lastmod:     fm.Lastmod,
				Params:      p.HugoParams(),
			}
		})
		pages = rest
	}
	// JSON front matter: Hugo reads a leading JSON object as the page's
	// front matter; the body is empty, the template does the rest.
	// (FrontMatter.AppendJSON writes article pages by hand, and HTML is
	// not escaped: only Hugo's JSON parser reads it. Meta.JSONLD, which
	// goes into a <script>, is escaped inside its own text.) Every page is
	// written into one buffer and copied out at its size: a buffer of its
	// own per page (about 45 KB) grew by doubling through fresh memory,
	// which cost more than the encoding (2 s at 10,000 articles).
	// The pages are encoded on every core, each worker into a buffer of
	// its own.
	data := make([][]byte, len(pages))
	errs := make([]error, len(pages))
	bufs := sync.Pool{New: func() any { return new([]byte) }}
	par.For(len(pages), func(i int) {
		bp := bufs.Get().(*[]byte)
		buf, err := pages[i].FrontMatter.AppendJSON((*bp)[:0])
		data[i], errs[i], *bp = bytes.Clone(buf), err, buf
		bufs.Put(bp)
	})
	for i, p := range pages {
		if errs[i] != nil {
			return nil, nil, fmt.Errorf("page %s: %w", p.Path, errs[i])
		}
		files[path.Join(hugosite.ContentDir, p.Path)] = data[i]
	}
	css, err := md.CSS()
	if err != nil {
		return nil, nil, err
	}
	files["/static/css/chroma.css"] = []byte(css)
	return files, hugoPages, nil
}

// stagingDir is where a build writes before it is published: beside the
// publish directory, so that the swap is a rename on one file system.
// oldDir is where publish moves the last site while it puts the new one
// in place: .public.old beside public.
func oldDir(publishDir string) string {
	dir, base := path.Split(path.Clean("/" + publishDir))
	return path.Join(dir, "."+base+".old")
}

func stagingDir(publishDir string) string {
	dir, base := path.Split(path.Clean("/" + publishDir))
	return path.Join(dir, "."+base+".building")
}

// recoverPublished puts back the last site when a build was killed between
// publish's two renames: publishDir is gone, and the site it held is the
// folder moved aside. Without this, the next failed build would say that
// publishDir was unchanged while it was missing, and the next good one
// would delete the old site.
func recoverPublished(fs afero.Fs, publishDir string) error {
	old := oldDir(publishDir)
	publishDir = path.Clean("/" + publishDir)
	if ok, _ := afero.Exists(fs, publishDir); ok {
		return nil
	}
	if ok, _ := afero.DirExists(fs, old); !ok {
		return nil
	}
	if err := fs.Rename(old, publishDir); err != nil {
		return fmt.Errorf("putting back the last site, %s, that an interrupted build moved aside: %w", old, err)
	}
	return nil
}

// publish replaces publishDir with staging. The old site is moved aside
// first and removed only once the new one is in place; if the second rename
// fails, the old site is put back.
func publish(fs afero.Fs, staging, publishDir string) error {
	old := oldDir(publishDir)
	publishDir = path.Clean("/" + publishDir)
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
