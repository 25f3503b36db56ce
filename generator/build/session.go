package build

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"maps"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/spf13/afero"

	"kbgen/generator/export"
	"kbgen/generator/hugosite"
	"kbgen/generator/kb"
	"kbgen/generator/load"
	"kbgen/generator/markdown"
	"kbgen/generator/site"
)

// A Session builds one project again and again, in memory, as serve does
// after every save. The first build, and any build after a change to
// anything but an existing article (a template, hugo.toml, a new or
// removed file), is a full build. A build after articles were edited is
// partial: only those files are read again, the other articles are
// validated with them, and Hugo, kept open between builds, re-renders the
// changed articles' pages and the lists that show them (home, products,
// search), not the whole site.
//
// A partial build leaves for the next full build what depends on every
// article at once: the search index, the API's catalog and llms.txt, and
// the related-articles lists of the articles that were not edited. serve
// says so; `generator build` is always a full build.
type Session struct {
	opts Options

	hugo   *hugosite.Site
	dest   afero.Fs  // the last good build: never written again, as serve may be reading it
	out    *switchFs // where Hugo writes: a new layer over dest for each partial build
	layers int       // copy-on-write layers in dest
	// flat receives a copy of dest in one layer, made in the background
	// once dest has maxLayers (nil: none being made); the next partial
	// build starts from it.
	flat chan afero.Fs
	md   *markdown.Renderer
	cfg  config

	articles []*kb.Article
	byFile   map[string]int // article file → index in articles
	related  map[string][]*kb.Article
	relset   *kb.RelatedSet
	files    map[string]markdown.Image // static/root (load.SiteFiles): a change there is a full build
	sums     map[string]uint64         // Hugo page path → hash of what it was given
	// siteFilesSum is the hash of the sitemap, feed and opensearch.xml
	// the site has: a partial build writes them only when it changed.
	siteFilesSum uint64
}

// NewSession starts a session; nothing is built until Build. opts.Dest is
// not used: a session builds into memory (Site).
func NewSession(opts Options) *Session {
	opts.defaults()
	return &Session{opts: opts}
}

// Site is the last good build: the published site under PublishDir. It is
// nil before the first good build.
func (s *Session) Site() afero.Fs { return s.dest }

// Articles are the articles of the last good build.
func (s *Session) Articles() []*kb.Article { return s.articles }

// Close releases Hugo.
func (s *Session) Close() {
	if s.hugo != nil {
		s.hugo.Close()
		s.hugo = nil
	}
}

// Build builds the project. changed lists the files changed since the last
// Build, as slash paths relative to the project (content/app/x.yaml); nil
// means unknown, and builds everything. Report.Partial says which it was.
// On error the last good build stays in place.
func (s *Session) Build(ctx context.Context, changed []string) (*Report, error) {
	if s.hugo != nil && changed != nil && s.editsOnly(changed) {
		return s.partial(ctx, changed)
	}
	return s.full(ctx)
}

// editsOnly reports whether every changed file is an article of the last
// build that still exists.
func (s *Session) editsOnly(changed []string) bool {
	if len(changed) == 0 {
		return false
	}
	for _, f := range changed {
		if _, ok := s.byFile[f]; !ok {
			return false
		}
		if ok, _ := afero.Exists(s.opts.Project, "/"+f); !ok {
			return false
		}
	}
	return true
}

func (s *Session) full(ctx context.Context) (*Report, error) {
	// Until a full build succeeds, every build is full: after a template
	// error, an edit must not be rendered with the templates of before.
	s.Close()
	start := time.Now()
	rep := &Report{PublishDir: s.opts.PublishDir}
	// Loading and preparing collect as in Run (prepareGC); the render
	// keeps the process's GOGC: serve holds the site in memory anyway, and
	// a writer waits for its first build.
	endPrepareGC := gcFor(prepareGC)
	defer endPrepareGC()
	rep.startClock()
	lap := start
	articles, err := Check(ctx, s.opts)
	if err != nil {
		return nil, err
	}
	rep.Articles = len(articles)
	rep.lap("load and validate", &lap)

	dest := afero.NewMemMapFs()
	sw := &switchFs{}
	sw.set(dest)
	md := markdown.New()
	out := &siteWriter{fs: dest, dir: "/" + s.opts.PublishDir}
	p, err := prepare(articles, s.opts, md, false, out, rep, &lap)
	if err != nil {
		return nil, err
	}
	// As in Run, Hugo renders while the index and the exports are made;
	// the related lists that edits update are set up beside it too.
	var relset *kb.RelatedSet
	p.beside.run("related set for edits", func() error {
		relset = kb.NewRelatedSet(articles)
		return nil
	})
	sums := make(map[string]uint64, len(p.pages))
	for name, data := range p.pages {
		sums[name] = sum(data)
	}
	endPrepareGC()
	h, stats, err := hugosite.Open(ctx, hugosite.Options{
		Source:      s.opts.Project,
		Files:       p.pages,
		Dest:        sw,
		PublishDir:  s.opts.PublishDir,
		BaseURL:     p.cfg.BaseURL,
		NoSiteFiles: true, // siteFiles
		Log:         s.opts.Log,
	})
	if err == nil {
		rep.lap("hugo", &lap)
	}
	// The work beside writes into dest: it is done before the build
	// returns, failed or not.
	if werr := p.waitBeside(rep, &lap); err == nil && werr != nil {
		h.Close()
		err = werr
	}
	if err != nil {
		return nil, err
	}
	n, err := copyTree(s.opts.Project, RootFiles, dest, "/"+s.opts.PublishDir)
	if err != nil {
		h.Close()
		return nil, err
	}
	*s = Session{
		opts: s.opts, hugo: h, dest: dest, out: sw, md: md, cfg: p.cfg,
		articles: articles, byFile: fileIndex(articles), related: p.related,
		relset: relset, sums: sums, siteFilesSum: p.siteFilesSum, files: p.files,
	}
	rep.Pages = stats.Pages
	rep.Files = stats.Files + n + int(out.n.Load())
	rep.Elapsed = time.Since(start)
	return rep, nil
}

func (s *Session) partial(ctx context.Context, changed []string) (*Report, error) {
	start := time.Now()
	rep := &Report{PublishDir: s.opts.PublishDir, Partial: true}
	rep.startClock()
	lap := start
	articles := slices.Clone(s.articles)
	var (
		errs   kb.ErrorList
		edited []*kb.Article
		// The search page lists every article's message, product and
		// URL: it is made again only if an edit changed one of them.
		sameMessages = true
	)
	for _, f := range changed {
		data, err := afero.ReadFile(s.opts.Project, "/"+f)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return s.full(ctx) // removed since editsOnly looked
			}
			return nil, err
		}
		if len(data) > load.MaxFileSize {
			return s.full(ctx) // let the loader say what is wrong
		}
		a, ferrs := load.File(f, data)
		errs = append(errs, ferrs...)
		if a != nil {
			old := articles[s.byFile[f]]
			sameMessages = sameMessages && old.Error.Src == a.Error.Src && old.Product.Src == a.Product.Src && old.URL() == a.URL()
			articles[s.byFile[f]] = a
			edited = append(edited, a)
		}
	}
	if len(errs) == 0 {
		// The edited articles' links; a link elsewhere to an anchor an
		// edit removed is found by the next check or build.
		errs = slices.Concat(kb.ValidateEdited(articles, edited), kb.ValidateLinks(articles, edited, s.md.Links, load.FileSet(s.files)), kb.ValidateText(edited, s.md.Text))
	}
	if err := errs.Sort().Err(); err != nil {
		return nil, err
	}
	rep.Articles = len(articles)
	rep.lap("load and validate", &lap)

	related := make(map[string][]*kb.Article, len(s.related))
	for url, list := range s.related {
		related[url] = list
	}
	only := make(map[string]bool, len(edited))
	for _, a := range edited {
		s.relset.Replace(a)
		only[a.URL()] = true
	}
	for _, a := range edited {
		related[a.URL()] = s.relset.For(a)
	}
	// Pages that link to an edited article show its title: they link to
	// the new version and are made again too. (Their lists are not
	// recomputed.)
	for url, list := range related {
		cloned := false
		for i, r := range list {
			if now := articles[s.byFile[r.File]]; now != r {
				if !cloned {
					list, cloned = slices.Clone(list), true
				}
				list[i] = now
				related[url] = list
				only[url] = true
			}
		}
	}
	rep.lap("related articles", &lap)

	replies := &export.Replies{}
	pages, _, err := generatedFiles(articles, s.md, false, site.Config{
		Site:           s.cfg.Site,
		NoIndex:        s.opts.NoIndex,
		SearchManifest: SearchManifest,
		Support:        s.cfg.support,
		Related:        related,
		Only:           only,
		SameMessages:   sameMessages,
		Replies:        replies,
	})
	if err != nil {
		return nil, err
	}
	for name, data := range pages {
		if h := sum(data); s.sums[name] == h {
			delete(pages, name) // unchanged: Hugo need not look at it
		} else {
			s.sums[name] = h
		}
	}
	// The new build is a layer over the last: serve goes on reading the
	// last while this one is written. Once the last is copied into one
	// layer, the new one is over the copy: the same files.
	if s.flat != nil {
		if flat := <-s.flat; flat != nil {
			s.dest, s.layers = flat, 0
		}
		s.flat = nil
		rep.lap("waiting for the site in one layer", &lap)
	}
	next := afero.NewCopyOnWriteFs(afero.NewReadOnlyFs(s.dest), afero.NewMemMapFs())
	s.out.set(next)
	out := &siteWriter{fs: next, dir: "/" + s.opts.PublishDir}
	if err := writeArticleExports(edited, related, s.md, s.cfg.Site, replies, out); err != nil {
		s.Close()
		return nil, err
	}
	// The sitemap dates every page and the feed lists the newest: an
	// edit can change them. They are written into the layer only when
	// they changed (a megabyte at 10,000 articles).
	files := siteFiles(articles, s.md, s.cfg)
	if h := sumFiles(files); h != s.siteFilesSum {
		for name, data := range files {
			if err := out.write(name, data); err != nil {
				s.Close()
				return nil, err
			}
		}
		s.siteFilesSum = h
	}
	rep.lap("pages", &lap)

	changedPages := len(pages)
	stats, err := s.hugo.Update(ctx, pages)
	if err != nil {
		// Hugo's state may now be half updated: start afresh next time.
		s.Close()
		return nil, err
	}
	rep.lap("hugo", &lap)
	s.layers++
	s.dest = next
	if s.layers >= maxLayers && s.flat == nil {
		// Reading through many layers gets slow: the site is copied into
		// one, in the background. Copied here, it made every 16th save
		// wait 2 s longer at 10,000 articles; now a save waits only if
		// it comes before the copy is done. Nothing writes into next
		// again: the next build writes into a layer of its own.
		done := make(chan afero.Fs, 1)
		go func(src afero.Fs, dir string) {
			flat := afero.NewMemMapFs()
			if _, err := copyTree(src, dir, flat, "/"+dir); err != nil {
				flat = nil // keep the layers; the next build tries again
			}
			done <- flat
		}(next, s.opts.PublishDir)
		s.flat = done
	}
	s.articles, s.related = articles, related
	rep.Pages = changedPages
	rep.Edited = edited
	rep.Files = stats.Files + int(out.n.Load())
	rep.Elapsed = time.Since(start)
	return rep, nil
}

// maxLayers is how many partial builds are layered over a full one before
// the site is copied into one layer.
const maxLayers = 16

// A switchFs is the file system Hugo publishes to, which a Session points
// at a new layer before each partial build.
type switchFs struct {
	mu sync.RWMutex
	fs afero.Fs
}

func (w *switchFs) set(fs afero.Fs) {
	w.mu.Lock()
	w.fs = fs
	w.mu.Unlock()
}

func (w *switchFs) cur() afero.Fs {
	w.mu.RLock()
	defer w.mu.RUnlock()
	return w.fs
}

func (w *switchFs) Create(name string) (afero.File, error) { return w.cur().Create(name) }
func (w *switchFs) Mkdir(name string, perm os.FileMode) error {
	return w.cur().Mkdir(name, perm)
}
func (w *switchFs) MkdirAll(path string, perm os.FileMode) error {
	return w.cur().MkdirAll(path, perm)
}
func (w *switchFs) Open(name string) (afero.File, error) { return w.cur().Open(name) }
func (w *switchFs) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	return w.cur().OpenFile(name, flag, perm)
}
func (w *switchFs) Remove(name string) error                  { return w.cur().Remove(name) }
func (w *switchFs) RemoveAll(path string) error               { return w.cur().RemoveAll(path) }
func (w *switchFs) Rename(oldname, newname string) error      { return w.cur().Rename(oldname, newname) }
func (w *switchFs) Stat(name string) (os.FileInfo, error)     { return w.cur().Stat(name) }
func (w *switchFs) Name() string                              { return "switchFs" }
func (w *switchFs) Chmod(name string, mode os.FileMode) error { return w.cur().Chmod(name, mode) }
func (w *switchFs) Chown(name string, uid, gid int) error     { return w.cur().Chown(name, uid, gid) }
func (w *switchFs) Chtimes(name string, atime, mtime time.Time) error {
	return w.cur().Chtimes(name, atime, mtime)
}

func fileIndex(articles []*kb.Article) map[string]int {
	m := make(map[string]int, len(articles))
	for i, a := range articles {
		m[a.File] = i
	}
	return m
}

// sumFiles hashes files, names and contents, in the order of their names.
func sumFiles(files map[string][]byte) uint64 {
	h := fnv.New64a()
	for _, name := range slices.Sorted(maps.Keys(files)) {
		h.Write([]byte(name))
		h.Write([]byte{0})
		h.Write(files[name])
		h.Write([]byte{0})
	}
	return h.Sum64()
}

func sum(data []byte) uint64 {
	h := fnv.New64a()
	h.Write(data)
	return h.Sum64()
}

// pages says what was rendered: every page, or for a partial build the
// pages that changed.
func (r *Report) pages() string {
	if r.Partial {
		return fmt.Sprintf("re-rendered %s", plural(r.Pages, "changed page"))
	}
	return plural(r.Pages, "page")
}
