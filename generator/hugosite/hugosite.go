// Package hugosite runs Hugo in-process. It is the only package that imports
// Hugo: the generator hands it generated files (content pages, generated
// assets) and it renders the project's templates over them.
//
// Hugo reads the project through an overlay: an in-memory layer holding the
// generated files, over the project directory read-only. Everything Hugo
// writes outside the publish directory (its resource cache, build lock)
// lands in the memory layer, so a build writes nothing but its output.
package hugosite

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/bep/logg"
	"github.com/bep/overlayfs"
	"github.com/fsnotify/fsnotify"
	"github.com/gohugoio/hugo/common/hmaps"
	"github.com/gohugoio/hugo/common/htime"
	"github.com/gohugoio/hugo/common/loggers"
	"github.com/gohugoio/hugo/config"
	"github.com/gohugoio/hugo/config/allconfig"
	"github.com/gohugoio/hugo/deps"
	"github.com/gohugoio/hugo/hugofs"
	"github.com/gohugoio/hugo/hugolib"
	"github.com/gohugoio/hugo/langs"
	"github.com/spf13/afero"
)

// Generated is the folder, in the memory layer at the project root, that
// holds what the generator writes for Hugo. ContentDir is Hugo's content
// directory: it exists only there, so the writers' YAML in content/ is never
// seen by Hugo as pages.
const (
	Generated  = "/_generated"
	ContentDir = Generated + "/content"
)

// Options say what to build and where.
type Options struct {
	// Source is the project directory: hugo.toml, layouts/, static/. It is
	// only read.
	Source afero.Fs
	// Files are added over Source, by absolute slash path
	// (/_generated/content/ios-mail/_index.md, /static/css/chroma.css).
	// Hugo reads them where they are, without a copy: the map must not
	// change until Build returns (for Open, until the Site is closed).
	Files map[string][]byte
	// Dest receives the site under PublishDir.
	Dest       afero.Fs
	PublishDir string
	// ContentDir is Hugo's content directory; default ContentDir. The
	// benchmark sets it to build a plain Hugo project's content/.
	ContentDir string
	// BaseURL overrides the one in hugo.toml when set.
	BaseURL string
	// NoSiteFiles makes Hugo leave out its sitemap and its feeds (the
	// sitemap and rss kinds), whatever the project's configuration says:
	// the generator writes sitemap.xml and index.xml itself.
	NoSiteFiles bool
	// Log receives Hugo's warnings; nil discards them.
	Log io.Writer
	// Pages are content pages handed to Hugo as Go values, not files,
	// through a content adapter: Hugo would otherwise parse each page's
	// front matter again, the JSON the generator has just written (about
	// 5 s of CPU, a third of plain Hugo's assemble step, at 10,000
	// articles). Like Files, they must not change until Build returns.
	// A Site from Open renders them too, but Update cannot change them:
	// serve hands Hugo files, which its partial rebuilds follow.
	Pages []Page
}

// Page is a content page handed to Hugo without a file.
type Page struct {
	// Path is the page's place in the content tree, as a file's path
	// without its extension names it: a/ios-mail/cannot-verify for
	// a/ios-mail/cannot-verify/index.md. The page is a regular page.
	Path string
	// The keys Hugo reads itself, as in front matter. Dates are parsed as
	// Hugo parses front matter's.
	Title, URL, Description, Layout string
	Date, Lastmod                   string
	Aliases                         []string
	// Params are the page's .Params: a map, or a struct whose fields
	// Hugo copies into one by their mapstructure tags. Its values are
	// what templates see, maps included (Hugo lower-cases their keys).
	// Hugo hashes each page to find what changed; a struct of Params may
	// implement Hash() (uint64, error), which Hugo then calls instead of
	// walking the values by reflection.
	Params any
}

// adapter is the content adapter that adds Options.Pages: it ranges over
// them through a site parameter whose value is a Go value, never parsed.
const adapter = `{{ range site.Params.kbgenpages.All }}{{ $.AddPage . }}{{ end }}`

// pageList is what the adapter reads: a pointer, which Hugo's
// configuration keeps as it is (it walks and lower-cases maps only).
type pageList struct{ pages []map[string]any }

// All returns the pages, for the adapter's template.
func (l *pageList) All() []map[string]any { return l.pages }

// adapted returns the pages as a content adapter's page maps, their dates
// parsed in loc.
func adapted(pages []Page, loc *time.Location) ([]map[string]any, error) {
	type field struct{ key, value string }
	out := make([]map[string]any, len(pages))
	for i, p := range pages {
		m := map[string]any{"path": p.Path, "kind": "page", "title": p.Title}
		for _, f := range [...]field{{"url", p.URL}, {"description", p.Description}, {"layout", p.Layout}} {
			if f.value != "" {
				m[f.key] = f.value
			}
		}
		if len(p.Aliases) > 0 {
			m["aliases"] = p.Aliases
		}
		dates := make(map[string]any, 2)
		for _, f := range [...]field{{"date", p.Date}, {"lastmod", p.Lastmod}} {
			if f.value == "" {
				continue
			}
			t, err := htime.ToTimeInDefaultLocationE(f.value, loc)
			if err != nil {
				return nil, fmt.Errorf("page %s: %s: %w", p.Path, f.key, err)
			}
			dates[f.key] = t
		}
		m["dates"] = dates
		if p.Params != nil {
			m["params"] = p.Params
		}
		out[i] = m
	}
	return out, nil
}

// Stats count what Hugo rendered.
type Stats struct {
	Pages int // pages rendered (articles, lists, home, 404…)
	Files int // static and resource files published
}

// Build renders the site once. A failure is returned as Hugo reports it
// (template errors keep their file:line:col).
func Build(ctx context.Context, opts Options) (Stats, error) {
	s, err := open(ctx, opts, false)
	if err != nil {
		return Stats{}, err
	}
	defer s.Close()
	return s.build(nil)
}

// A Site is a Hugo build kept open between builds, as a preview server
// needs: Update hands Hugo changed pages and it re-renders only what shows
// them (the pages themselves, the lists they are in), not the whole site.
type Site struct {
	sites  *hugolib.HugoSites
	mem    afero.Fs // where Update writes
	source afero.Fs // what Hugo reads: mem over the generated files over the project
	logger loggers.Logger
}

// Open renders the site once, as Build does, and keeps Hugo's state for
// Update. Hugo runs as its server does (the same caches and dependency
// tracking), without injecting its live-reload script.
func Open(ctx context.Context, opts Options) (*Site, Stats, error) {
	s, err := open(ctx, opts, true)
	if err != nil {
		return nil, Stats{}, err
	}
	st, err := s.build(nil)
	if err != nil {
		s.Close()
		return nil, Stats{}, err
	}
	return s, st, nil
}

// Update replaces or adds generated files (by absolute path, as
// Options.Files) and re-renders what depends on them. It consumes files:
// each is deleted from the map once copied into Hugo's memory layer.
func (s *Site) Update(ctx context.Context, files map[string][]byte) (Stats, error) {
	if err := ctx.Err(); err != nil {
		return Stats{}, err
	}
	var events []fsnotify.Event
	// Hugo v0.165 reads only the first of several changed files of one
	// folder (pages_capture.go: collectDir skips a folder it has seen;
	// fixed upstream by gohugoio/hugo#15331). A change to the folder's
	// _index.md makes it read them all, so one is announced wherever
	// several files of a folder changed. (The generator gives each article
	// a folder of its own, so this is rare; it keeps Update right for any
	// layout of pages.)
	perDir := make(map[string]int)
	sent := make(map[string]bool, len(files))
	for name := range files {
		perDir[path.Dir(name)]++
		sent[name] = true
	}
	for name, data := range files {
		op := fsnotify.Write
		if ok, _ := afero.Exists(s.source, name); !ok {
			op = fsnotify.Create
		}
		if err := writeMem(s.mem, name, data); err != nil {
			return Stats{}, err
		}
		delete(files, name)
		events = append(events, fsnotify.Event{Name: name, Op: op})
	}
	for dir, n := range perDir {
		index := dir + "/_index.md"
		if sent[index] {
			continue
		}
		if ok, _ := afero.Exists(s.source, index); n > 1 && ok {
			events = append(events, fsnotify.Event{Name: index, Op: fsnotify.Write})
		}
	}
	return s.build(events)
}

// Close releases Hugo's resources.
func (s *Site) Close() { s.sites.Close() }

func writeMem(mem afero.Fs, name string, data []byte) error {
	if err := mem.MkdirAll(path.Dir(name), 0o777); err != nil {
		return err
	}
	return afero.WriteFile(mem, name, data, 0o666)
}

func open(ctx context.Context, opts Options, running bool) (*Site, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// Three layers: what Hugo and Update write, in memory; the generated
	// files, read where they are; the project, read-only.
	mem := afero.NewMemMapFs()
	source := overlayfs.New(overlayfs.Options{
		Fss:           []afero.Fs{mem, newMapFs(opts.Files), afero.NewReadOnlyFs(opts.Source)},
		FirstWritable: true,
	})

	flags := config.New()
	flags.Set("workingDir", "/")
	flags.Set("publishDir", opts.PublishDir)
	flags.Set("contentDir", cmp.Or(opts.ContentDir, ContentDir))
	flags.Set("cacheDir", Generated+"/cache")
	flags.Set("resourceDir", Generated+"/resources")
	flags.Set("noBuildLock", true)
	flags.Set("environment", "production")
	// An article dated after today (a writer east of UTC, a typo in the
	// year) is published like any other: the generator lists it in the
	// sitemap, the API and the index, and Hugo's default would leave out
	// its page and, with it, the home page and its product page.
	flags.Set("buildFuture", true)
	if running {
		flags.Set("internal", hmaps.Params{"running": true, "watch": true})
		flags.Set("disableLiveReload", true)
	}
	if opts.BaseURL != "" {
		flags.Set("baseURL", opts.BaseURL)
	}
	// The pages without files: the adapter reads them through a site
	// parameter, filled once the configuration has given their dates'
	// time zone (below).
	list := &pageList{}
	if len(opts.Pages) > 0 {
		flags.Set("params", hmaps.Params{"kbgenpages": list})
		if err := writeMem(mem, path.Join(cmp.Or(opts.ContentDir, ContentDir), "_content.gotmpl"), []byte(adapter)); err != nil {
			return nil, err
		}
	}

	logw := opts.Log
	if logw == nil {
		logw = io.Discard
	}
	lvl := logg.LevelWarn
	// Hugo's unlevelled lines ("Source changed /s/a.md" on each rebuild,
	// of files that are no file of the project) go to its standard
	// output; only its warnings and errors, at or above DistinctLevel,
	// reach Log.
	stdout := io.Discard
	// KB_HUGO_INFO=1: Hugo's own log at info level on stderr, which
	// times its steps (process, assemble, render), for the performance
	// work of docs/benchmarks.md.
	if os.Getenv("KB_HUGO_INFO") != "" {
		lvl = logg.LevelInfo
		logw, stdout = os.Stderr, os.Stderr
	}
	logger := loggers.New(loggers.Options{Level: lvl, StdOut: stdout, StdErr: logw, DistinctLevel: logg.LevelWarn})

	load := func() (*allconfig.Configs, error) {
		res, err := allconfig.LoadConfig(allconfig.ConfigSourceDescriptor{
			Fs:          source,
			Flags:       flags,
			Logger:      logger,
			Environment: "production",
			// Not the process environment: HUGO_* variables on a writer's
			// machine must not change what CI builds.
			Environ: []string{"KBGEN=1"},
		})
		if err != nil {
			return nil, fmt.Errorf("hugo.toml: %w", err)
		}
		return res, nil
	}
	res, err := load()
	if err != nil {
		return nil, err
	}
	// A flag replaces the configuration's list, which may come from
	// hugo.toml or a config/ folder: the kinds are added to the list as
	// Hugo read it, and the configuration read again (only when the
	// project's list does not name them already; the repository's does).
	if opts.NoSiteFiles {
		kinds := res.Base.DisableKinds
		add := slices.DeleteFunc([]string{"sitemap", "rss"}, func(k string) bool {
			return slices.ContainsFunc(kinds, func(d string) bool { return strings.EqualFold(d, k) })
		})
		if len(add) > 0 {
			flags.Set("disableKinds", append(slices.Clone(kinds), add...))
			if res, err = load(); err != nil {
				return nil, err
			}
		}
	}
	if len(opts.Pages) > 0 {
		if len(res.Languages) == 0 {
			return nil, fmt.Errorf("hugo.toml: no language")
		}
		if list.pages, err = adapted(opts.Pages, langs.GetLocation(res.Languages[0])); err != nil {
			return nil, err
		}
	}
	fs := hugofs.NewFromSourceAndDestination(source, opts.Dest, flags)
	sites, err := hugolib.NewHugoSites(deps.DepsCfg{
		Configs:  res,
		Fs:       fs,
		LogLevel: logger.Level(),
		StdOut:   stdout,
		StdErr:   logw,
	})
	if err != nil {
		return nil, err
	}
	return &Site{sites: sites, mem: mem, source: source, logger: logger}, nil
}

func (s *Site) build(events []fsnotify.Event) (Stats, error) {
	before := s.logger.LoggCount(logg.LevelError)
	if err := s.sites.Build(hugolib.BuildCfg{NoBuildLock: true}, events...); err != nil {
		return Stats{}, err
	}
	if n := s.logger.LoggCount(logg.LevelError) - before; n > 0 {
		return Stats{}, fmt.Errorf("hugo logged %d error(s): %s", n, strings.TrimSpace(s.logger.Errors()))
	}
	var st Stats
	for _, site := range s.sites.Sites {
		st.Pages += int(site.PathSpec.ProcessingStats.Pages)
		st.Files += int(site.PathSpec.ProcessingStats.Files + site.PathSpec.ProcessingStats.Static)
	}
	return st, nil
}
