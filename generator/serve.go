package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"io/fs"
	"maps"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/spf13/afero"

	"kbgen/generator/build"
	"kbgen/generator/kb"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := newFlags("serve", "Builds the site in memory and serves it on http://127.0.0.1:<port>/ to preview it.\n"+
		"Watches content/, layouts/, static/ and hugo.toml, rebuilds on every save, and\n"+
		"reloads the open pages. A mistake is printed here and shown over the page,\n"+
		"while the last good build stays served. Writes nothing to disk. Ctrl-C stops it.", stderr)
	dir := flags.String("C", ".", "project `dir`ectory (holding content/, layouts/, hugo.toml)")
	port := flags.Int("port", 1313, "`port` to listen on, on 127.0.0.1; 0 picks a free one")
	timings := flags.Bool("timings", false, "print how long each phase of every build took")
	if err := parseFlags(flags, args); err != nil {
		return err
	}
	if *port < 0 || *port > 65535 {
		return usageError(stderr, "serve: --port %d: use a port from 1 to 65535, or 0 for any free one", *port)
	}
	return serve(ctx, serveOptions{Dir: *dir, Port: *port, Stdout: stdout, Stderr: stderr, Now: time.Now, Timings: *timings})
}

// serveOptions configure a preview server.
type serveOptions struct {
	Dir            string // project directory on disk
	Port           int    // 0: any free port
	Stdout, Stderr io.Writer
	Now            func() time.Time // the clock for review_by warnings
	Debounce       time.Duration    // quiet time after a change before rebuilding; default 100 ms
	Ready          func(url string) // called once the first build is served and files are watched
	Timings        bool             // print each build's phases
}

// serve builds the project in memory, serves it, and rebuilds it whenever a
// watched file changes, until ctx is cancelled.
func serve(ctx context.Context, o serveOptions) error {
	if o.Debounce == 0 {
		o.Debounce = 100 * time.Millisecond
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	project, err := projectFs(o.Dir)
	if err != nil {
		return err
	}
	abs, err := filepath.Abs(o.Dir)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(o.Port)))
	if err != nil {
		return fmt.Errorf("%w\n(is another serve running? --port 0 picks a free port)", err)
	}
	defer ln.Close()

	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watching files: %w", err)
	}
	defer fsw.Close()
	w := &watcher{fsw: fsw, root: abs, stderr: o.Stderr}
	if err := w.start(); err != nil {
		return err
	}

	s := &server{
		project: project,
		url:     "http://" + ln.Addr().String() + "/",
		now:     o.Now,
		stdout:  o.Stdout,
		stderr:  o.Stderr,
		timings: o.Timings,
		subs:    make(map[chan struct{}]bool),
		done:    make(chan struct{}),
	}
	s.snap.Store(&snapshot{})
	s.opts = build.Options{Project: project, BaseURL: s.url, Log: o.Stderr}
	s.sess = build.NewSession(s.opts)
	defer s.sess.Close()
	s.rebuild(ctx, nil)

	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintf(o.Stdout, "serving %s (Ctrl-C to stop)\n", s.url)
	if o.Ready != nil {
		o.Ready(s.url)
	}

	var (
		rebuild <-chan time.Time
		changed = make(map[string]bool) // project files changed since the last build
	)
	for {
		select {
		case <-ctx.Done():
			close(s.done) // ends the event streams, so Shutdown need not wait for them
			sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if err := srv.Shutdown(sctx); errors.Is(err, context.DeadlineExceeded) {
				// Requests still running after 5 s (a loaded machine): the
				// writer asked to stop, so they are cut.
				srv.Close()
			} else if err != nil {
				return fmt.Errorf("stopping the server: %w", err)
			}
			fmt.Fprintln(o.Stdout, "stopped")
			return nil
		case err := <-served:
			return err
		case ev, ok := <-fsw.Events:
			if !ok {
				break
			}
			if rel, ok := w.changed(ev); ok {
				changed[rel] = true
				rebuild = time.After(o.Debounce)
			}
		case err, ok := <-fsw.Errors:
			if ok {
				fmt.Fprintf(o.Stderr, "serve: watching files: %v\n", err)
			}
		case <-rebuild:
			rebuild = nil
			files := slices.Sorted(maps.Keys(changed))
			clear(changed)
			s.rebuild(ctx, files)
		}
	}
}

// A snapshot is what the server shows: the last good site and the
// diagnostics of the last build. It is never changed once stored.
type snapshot struct {
	gen  int      // build number, from 1: pages reload when it changes
	site afero.Fs // the last good build, under /public; nil before the first
	// without lists the articles the site was built without, when no
	// build of them all has succeeded yet (previewWithout).
	without  []string
	errors   []string // why the last build failed, one line each
	warnings []string
	summary  string // the count of errors and warnings
}

// server serves the last good site, with the live-reload script and the
// diagnostics overlay added to every page.
type server struct {
	project afero.Fs
	opts    build.Options // the session's
	url     string
	now     func() time.Time
	stdout  io.Writer
	stderr  io.Writer

	timings bool
	warner  *kb.Warner     // the last good build's warnings, kept up to date by partial builds
	warnDay string         // the day they were computed for (review_by dates)
	sess    *build.Session // keeps the last build, so that an edit re-renders only what changed
	// The last rebuild's warnings as text: a partial build keeps the
	// warnings of the files it did not read, and formatting 24,000 of
	// them again took a tenth of a rebuild at 10,000 articles.
	warningText map[*kb.Error]string

	snap atomic.Pointer[snapshot]
	mu   sync.Mutex
	subs map[chan struct{}]bool // open event streams
	done chan struct{}          // closed when the server stops
}

// rebuild checks and builds the project in memory. changed lists the
// project files changed since the last build (nil: unknown). When they are
// all articles already built, the session's build is partial: only they
// are read again, and Hugo re-renders only the pages that show them. A
// failed build keeps the last good site; its diagnostics go to the
// terminal and the overlay. It returns the report of a good build, nil
// otherwise.
func (s *server) rebuild(ctx context.Context, changed []string) *build.Report {
	start := time.Now()
	prev := s.snap.Load()
	next := &snapshot{gen: prev.gen + 1, site: prev.site, without: prev.without}
	rep, err := s.sess.Build(ctx, changed)
	if ctx.Err() != nil {
		return nil
	}
	var d *diagnosis
	var list kb.ErrorList
	switch {
	case err == nil:
		next.site, next.without = s.sess.Site(), nil
		lap := time.Now()
		// After a partial build, the warnings change only where the
		// edited articles are concerned.
		now := s.now()
		if day := now.Format(time.DateOnly); rep.Partial && s.warner != nil && day == s.warnDay {
			s.warner.Update(rep.Edited)
		} else {
			s.warner, s.warnDay = kb.NewWarner(s.sess.Articles(), now), day
		}
		d = &diagnosis{articles: s.sess.Articles(), warnings: s.warner.List()}
		rep.Phases = append(rep.Phases, build.Phase{Name: "warnings", Elapsed: time.Since(lap)})
		if s.timings {
			fmt.Fprint(s.stderr, rep.Timings())
		}
	case errors.As(err, &list):
		// Every file's problems, not only those of the files that changed,
		// with the warnings of the files that load.
		if d, err = diagnose(ctx, s.project, s.now()); err != nil {
			return nil // cancelled
		}
		if len(d.errors) == 0 {
			d.errors = list // a file changed again meanwhile
		}
		if next.site == nil {
			// Nothing built yet: the other articles, to preview while
			// these are fixed.
			next.site, next.without = previewWithout(ctx, s.project, s.opts, d.errors)
		}
	default:
		// Hugo failed (a template error), or the project cannot be read.
		d = &diagnosis{errors: kb.ErrorList{{Msg: err.Error()}}}
	}
	text := make(map[*kb.Error]string, len(d.warnings))
	for _, e := range d.all() {
		if e.severity == severityError {
			if e.Pos.File == "" {
				next.errors = append(next.errors, strings.Split(e.Msg, "\n")...)
			} else {
				next.errors = append(next.errors, e.String())
			}
			continue
		}
		t, ok := s.warningText[e.Error]
		if !ok {
			t = e.String()
		}
		text[e.Error] = t
		next.warnings = append(next.warnings, t)
	}
	s.warningText = text
	next.summary = d.summary()

	stamp := time.Now().Format(time.TimeOnly)
	for _, l := range next.errors {
		fmt.Fprintln(s.stderr, l)
	}
	// The same warnings after every save would bury what changed.
	if !slices.Equal(next.warnings, prev.warnings) {
		for _, l := range next.warnings {
			fmt.Fprintln(s.stderr, l)
		}
	}
	switch {
	case len(next.errors) > 0 && len(next.without) > 0:
		fmt.Fprintf(s.stderr, "%s %s: serving the site without %s; save a fix to rebuild\n", stamp, next.summary, strings.Join(next.without, ", "))
	case len(next.errors) > 0 && next.site != nil:
		fmt.Fprintf(s.stderr, "%s %s: still serving the last good build; save a fix to rebuild\n", stamp, next.summary)
	case len(next.errors) > 0:
		fmt.Fprintf(s.stderr, "%s %s: nothing to serve yet; save a fix to rebuild\n", stamp, next.summary)
	default:
		if next.summary != "" {
			fmt.Fprintf(s.stderr, "%s %s\n", stamp, next.summary)
		}
		what := plural(rep.Pages, "page")
		if rep.Partial {
			what = fmt.Sprintf("re-rendered %s (search index and API list at the next full build)", plural(rep.Pages, "changed page"))
		}
		fmt.Fprintf(s.stdout, "%s built %s, %s in %d ms\n", stamp,
			plural(rep.Articles, "article"), what, time.Since(start).Milliseconds())
	}
	s.snap.Store(next)
	s.notify()
	if next.errors != nil {
		return nil
	}
	return rep
}

// notify tells every open page that a build finished.
func (s *server) notify() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.subs {
		select {
		case c <- struct{}{}:
		default: // already told
		}
	}
}

// The paths the server answers itself; the site cannot use /_serve/.
const (
	eventsPath = "/_serve/events"
	scriptPath = "/_serve/livereload.js"
	stylePath  = "/_serve/overlay.css"
)

// loopbackHost reports whether host (a Host header, with or without a
// port) names this machine's loopback address.
func loopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if !loopbackHost(r.Host) {
		// The server listens on 127.0.0.1 only, but a web page could
		// point a name of its own at that address (DNS rebinding) and
		// read the drafts: only a request for a loopback name is served.
		http.Error(w, "serve answers requests for 127.0.0.1 and localhost only", http.StatusForbidden)
		return
	}
	switch r.URL.Path {
	case eventsPath:
		s.events(w, r)
		return
	case scriptPath:
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		io.WriteString(w, liveReloadJS)
		return
	case stylePath:
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		io.WriteString(w, overlayCSS)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	snap := s.snap.Load()
	if snap.site == nil {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		page := "<!DOCTYPE html>\n<html lang=en><meta charset=utf-8><title>The site did not build</title><body></body></html>"
		io.WriteString(w, string(inject([]byte(page), snap)))
		return
	}

	name := path.Clean("/" + r.URL.Path)
	file := path.Join("/public", name)
	if info, err := snap.site.Stat(file); err == nil && info.IsDir() {
		if !strings.HasSuffix(r.URL.Path, "/") {
			target := name + "/"
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, target, http.StatusMovedPermanently)
			return
		}
		file = path.Join(file, "index.html")
	}
	data, err := afero.ReadFile(snap.site, file)
	if err != nil {
		data, err = afero.ReadFile(snap.site, "/public/404.html")
		if err != nil {
			data = []byte("<!DOCTYPE html>\n<title>Not found</title><p>Not found.")
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		w.Write(inject(data, snap))
		return
	}
	if strings.HasSuffix(file, ".html") {
		data = inject(data, snap)
	}
	http.ServeContent(w, r, file, time.Time{}, bytes.NewReader(data))
}

// events streams an event each time a build finishes (Server-Sent Events):
// "event: build", data the build number. The first is sent at once, so a
// page built before a rebuild it missed reloads.
func (s *server) events(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream")
	c := make(chan struct{}, 1)
	s.mu.Lock()
	s.subs[c] = true
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.subs, c)
		s.mu.Unlock()
	}()
	for {
		fmt.Fprintf(w, "event: build\ndata: %d\n\n", s.snap.Load().gen)
		if err := rc.Flush(); err != nil {
			return
		}
		select {
		case <-c:
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		}
	}
}

// inject adds, at the end of an HTML page, the live-reload script and, when
// the last build has diagnostics, the overlay that lists them. Only served
// pages get them; a build never contains either.
func inject(page []byte, snap *snapshot) []byte {
	var b strings.Builder
	if len(snap.errors) > 0 || len(snap.warnings) > 0 {
		fmt.Fprintf(&b, `<link rel="stylesheet" href="%s">`, stylePath)
		class := "kbgen-serve-warned"
		if len(snap.errors) > 0 {
			class = "kbgen-serve-failed"
		}
		fmt.Fprintf(&b, `<div id="kbgen-serve-overlay" class="%s" role="alert">`, class)
		b.WriteString(`<button type="button" data-kbgen-close aria-label="Close">×</button>`)
		if len(snap.errors) > 0 {
			msg := "still showing the last good build"
			switch {
			case len(snap.without) > 0:
				msg = "showing the site without " + strings.Join(snap.without, ", ")
			case snap.site == nil:
				msg = "nothing to show yet"
			}
			fmt.Fprintf(&b, `<p class="kbgen-serve-errors"><strong>The site was not rebuilt: %s.</strong> Fix this and save, the page reloads by itself; %s.</p><ul>`,
				html.EscapeString(snap.summary), html.EscapeString(msg))
			for _, l := range snap.errors {
				fmt.Fprintf(&b, "<li>%s</li>", html.EscapeString(l))
			}
			b.WriteString("</ul>")
		}
		if len(snap.warnings) > 0 {
			fmt.Fprintf(&b, `<details class="kbgen-serve-warnings"><summary>%s</summary><ul>`, plural(len(snap.warnings), "warning"))
			for _, l := range snap.warnings {
				fmt.Fprintf(&b, "<li>%s</li>", html.EscapeString(l))
			}
			b.WriteString("</ul></details>")
		}
		b.WriteString("</div>")
	}
	fmt.Fprintf(&b, `<script src="%s" data-gen="%d"></script>`, scriptPath, snap.gen)
	out := make([]byte, 0, len(page)+b.Len())
	if i := bytes.LastIndex(page, []byte("</body>")); i >= 0 {
		out = append(append(append(out, page[:i]...), b.String()...), page[i:]...)
		return out
	}
	// Minified pages may leave out </body>: what follows the last element
	// still belongs to the body.
	return append(append(out, page...), b.String()...)
}

// liveReloadJS reloads the page when a build other than the one it shows
// finishes, and closes the overlay.
const liveReloadJS = `// Live reload for "go run ./generator serve"; never part of a build.
(function () {
  var gen = document.currentScript && document.currentScript.dataset.gen;
  new EventSource("` + eventsPath + `").addEventListener("build", function (e) {
    if (e.data !== gen) location.reload();
  });
  document.addEventListener("click", function (e) {
    if (e.target.closest && e.target.closest("[data-kbgen-close]")) {
      var o = document.getElementById("kbgen-serve-overlay");
      if (o) o.remove();
    }
  });
})();
`

const overlayCSS = `#kbgen-serve-overlay{position:fixed;left:0;right:0;bottom:0;z-index:2147483647;max-height:60vh;overflow:auto;margin:0;padding:.75rem 1.25rem;background:#1d1d1f;color:#f5f5f7;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;border-top:4px solid #f5a623;box-shadow:0 -4px 16px rgba(0,0,0,.35);text-align:left}
#kbgen-serve-overlay.kbgen-serve-failed{border-top-color:#e5484d}
#kbgen-serve-overlay p{margin:0 2rem .5rem 0;font-family:system-ui,sans-serif}
#kbgen-serve-overlay ul{margin:.25rem 0;padding-left:1.25rem}
#kbgen-serve-overlay li{white-space:pre-wrap;word-break:break-word}
#kbgen-serve-overlay summary{cursor:pointer;font-family:system-ui,sans-serif}
#kbgen-serve-overlay button{float:right;background:none;border:0;color:inherit;font-size:1.5rem;line-height:1;cursor:pointer}
`

// watcher watches the project's sources: content/, layouts/ and static/ with
// all their folders, and hugo.toml.
type watcher struct {
	fsw    *fsnotify.Watcher
	root   string // absolute project directory
	stderr io.Writer
}

// watchedDirs are the project folders whose files make the site.
var watchedDirs = []string{"content", "layouts", "static"}

func (w *watcher) start() error {
	// The project folder itself: hugo.toml (editors often replace a file
	// rather than write it, which ends a watch on the file) and the
	// creation of a watched folder.
	if err := w.fsw.Add(w.root); err != nil {
		return fmt.Errorf("watching %s: %w", w.root, err)
	}
	for _, d := range watchedDirs {
		w.addTree(filepath.Join(w.root, d))
	}
	return nil
}

// addTree watches dir and every folder below it (fsnotify does not
// recurse). A folder that does not exist is skipped.
func (w *watcher) addTree(dir string) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		if p != dir && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if err := w.fsw.Add(p); err != nil {
			fmt.Fprintf(w.stderr, "serve: cannot watch %s: %v\n", p, err)
		}
		return nil
	})
}

// changed reports whether the event is a change to the site's sources,
// and which file it is (a slash path relative to the project); it watches
// a folder it creates.
func (w *watcher) changed(ev fsnotify.Event) (string, bool) {
	if ev.Op&^fsnotify.Chmod == 0 {
		return "", false
	}
	rel, err := filepath.Rel(w.root, ev.Name)
	if err != nil {
		return "", false
	}
	rel = filepath.ToSlash(rel)
	if rel == "hugo.toml" {
		return rel, true
	}
	top, _, _ := strings.Cut(rel, "/")
	if !slices.Contains(watchedDirs, top) {
		return "", false
	}
	if ev.Has(fsnotify.Create) {
		if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
			w.addTree(ev.Name)
		}
	}
	return rel, true
}
