package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/audits"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/pelletier/go-toml/v2"
	"github.com/spf13/afero"

	"kbgen/generator/build"
	"kbgen/generator/internal/netlify"
)

// defaultChromium is where Debian's chromium package puts the browser.
const defaultChromium = "/usr/bin/chromium"

// env is what every test shares: one build of the site, one server and one
// browser. Each test opens its own tabs in that browser.
type env struct {
	root    string // the repository
	tmp     string // build output and the browser's profile
	public  string // the published site on disk
	server  *httptest.Server
	base    string // the server's URL, without a trailing slash
	browser context.Context
	stop    context.CancelFunc
	started string // what the start did, for the first test's log

	postsMu sync.Mutex
	posts   []post // every POST the server received, in order
}

// post is a POST request the server received: what a form submission or a
// fetch sent (Netlify Forms accept a POST to any page of the site).
type post struct {
	Path        string
	ContentType string
	Body        string
	Form        url.Values // the body, when it is application/x-www-form-urlencoded
}

// postCount is how many POSTs the server has received so far.
func (e *env) postCount() int {
	e.postsMu.Lock()
	defer e.postsMu.Unlock()
	return len(e.posts)
}

// postsSince returns the POSTs received after the first n.
func (e *env) postsSince(n int) []post {
	e.postsMu.Lock()
	defer e.postsMu.Unlock()
	return append([]post(nil), e.posts[min(n, len(e.posts)):]...)
}

// recordPost reads and records the body of a POST.
func (e *env) recordPost(r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	p := post{Path: r.URL.Path, ContentType: r.Header.Get("Content-Type"), Body: string(body)}
	if ct, _, _ := strings.Cut(p.ContentType, ";"); strings.TrimSpace(ct) == "application/x-www-form-urlencoded" {
		p.Form, _ = url.ParseQuery(p.Body)
	}
	e.postsMu.Lock()
	e.posts = append(e.posts, p)
	e.postsMu.Unlock()
}

var shared struct {
	once sync.Once
	env  *env
	skip string // why the tests cannot run here
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if e := shared.env; e != nil {
		e.close()
	}
	os.Exit(code)
}

// setup returns the shared environment, building the site, starting the
// server and the browser on first use. Without Chromium it skips the test,
// or fails it when CI=true.
func setup(t *testing.T) *env {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end browser tests skipped in -short mode")
	}
	shared.once.Do(func() {
		deadline, ok := t.Deadline()
		if !ok {
			deadline = time.Now().Add(5 * time.Minute)
		}
		shared.env, shared.skip, shared.err = start(deadline)
		if shared.env != nil {
			t.Log(shared.env.started)
		}
	})
	if shared.skip != "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s (CI=true: failing instead of skipping)", shared.skip)
		}
		t.Skip(shared.skip)
	}
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.env
}

// chromiumPath returns the browser to run, or why there is none.
func chromiumPath() (string, string) {
	p := defaultChromium
	if c := os.Getenv("CHROMIUM"); c != "" {
		p = c
	}
	if _, err := exec.LookPath(p); err != nil {
		return "", fmt.Sprintf("headless Chromium not found at %s: apt-get install chromium; .ci/run installs it (or set CHROMIUM to its path)", p)
	}
	return p, ""
}

// start builds and serves the site and starts the browser. On an error it
// frees whatever it had started.
func start(deadline time.Time) (_ *env, skip string, _ error) {
	chromium, skip := chromiumPath()
	if skip != "" {
		return nil, skip, nil
	}
	root, err := repoRoot()
	if err != nil {
		return nil, "", err
	}
	tmp, err := os.MkdirTemp("", "kbgen-e2e-")
	if err != nil {
		return nil, "", err
	}
	e := &env{root: root, tmp: tmp, public: filepath.Join(tmp, "site", "public")}
	ok := false
	defer func() {
		if !ok {
			e.close()
		}
	}()

	// The site is built for the address it is served at, as `hugo server`
	// does, so that absolute links (canonical, search results built from
	// permalinks) stay on the test server.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", err
	}
	e.base = "http://" + ln.Addr().String()
	t0 := time.Now()
	report, err := e.build(deadline)
	if err != nil {
		ln.Close()
		return nil, "", err
	}
	h, err := e.handler()
	if err != nil {
		ln.Close()
		return nil, "", err
	}
	e.server = &httptest.Server{Listener: ln, Config: &http.Server{Handler: h}}
	e.server.Start()

	t1 := time.Now()
	if err := e.startBrowser(chromium, deadline); err != nil {
		return nil, "", err
	}
	e.started = fmt.Sprintf("%s, served at %s (%v in all); %s started in %v",
		report, e.base, t1.Sub(t0).Round(time.Millisecond), chromium, time.Since(t1).Round(time.Millisecond))
	ok = true
	return e, "", nil
}

func (e *env) close() {
	if e.stop != nil {
		e.stop() // closes the browser and waits for it
	}
	if e.server != nil {
		e.server.Close()
	}
	if e.tmp != "" {
		os.RemoveAll(e.tmp)
	}
}

// repoRoot is the folder holding go.mod, above the test's directory.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the test's directory")
		}
		dir = parent
	}
}

// build runs the real pipeline over the repository's content/, layouts/,
// static/ and hugo.toml, writing the site to e.public.
func (e *env) build(deadline time.Time) (*build.Report, error) {
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	dest := filepath.Dir(e.public)
	if err := os.MkdirAll(dest, 0o777); err != nil {
		return nil, err
	}
	var logs bytes.Buffer
	report, err := build.Run(ctx, build.Options{
		Project:    afero.NewBasePathFs(afero.NewOsFs(), e.root),
		Dest:       afero.NewBasePathFs(afero.NewOsFs(), dest),
		PublishDir: filepath.Base(e.public),
		BaseURL:    e.base + "/",
		Log:        &logs,
	})
	if err != nil {
		return nil, fmt.Errorf("building the site from %s: %v\n%s", e.root, err, logs.String())
	}
	return report, nil
}

// headerRule is one [[headers]] table of netlify.toml.
type headerRule struct {
	For    string            `toml:"for"`
	Values map[string]string `toml:"values"`
}

// matches reports whether the URL path p is covered by the rule's path
// pattern, as Netlify matches (internal/netlify).
func (r headerRule) matches(p string) bool { return netlify.Match(r.For, p) }

// handler serves the published site as Netlify would: files and directory
// index pages, 404.html with status 404 for anything missing, and the
// response headers that netlify.toml sets (a Content Security Policy set
// there is enforced in the tests too). It stands in for Netlify Forms too:
// a POST is recorded (see postsSince) and answered with the page at its
// path, as for a GET (the feedback form posts to its article without
// JavaScript, and article.js posts to /).
func (e *env) handler() (http.Handler, error) {
	var cfg struct {
		Headers []headerRule `toml:"headers"`
	}
	if data, err := os.ReadFile(filepath.Join(e.root, "netlify.toml")); err == nil {
		if err := toml.Unmarshal(data, &cfg); err != nil {
			return nil, fmt.Errorf("netlify.toml: %w", err)
		}
	}
	notFound, err := os.ReadFile(filepath.Join(e.public, "404.html"))
	if err != nil {
		return nil, fmt.Errorf("the built site has no 404 page: %w", err)
	}
	files := http.FileServer(http.Dir(e.public))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			e.recordPost(r)
		}
		for _, rule := range cfg.Headers {
			if rule.matches(r.URL.Path) {
				for k, v := range rule.Values {
					w.Header().Set(k, v)
				}
			}
		}
		name := filepath.Join(e.public, filepath.FromSlash(path.Clean("/"+r.URL.Path)))
		fi, err := os.Stat(name)
		if err == nil && fi.IsDir() {
			_, err = os.Stat(filepath.Join(name, "index.html"))
		}
		if err != nil {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			w.Write(notFound)
			return
		}
		files.ServeHTTP(w, r)
	}), nil
}

// startBrowser starts headless Chromium with a fresh profile. The browser
// lives until TestMain closes it, so its context has no deadline; the start
// itself is bounded.
func (e *env) startBrowser(chromium string, deadline time.Time) error {
	var output bytes.Buffer
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(filepath.Join(e.tmp, "profile")),
		chromedp.WindowSize(1280, 900),
		chromedp.CombinedOutput(&syncWriter{w: &output}),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	e.browser = ctx
	e.stop = func() {
		cancelCtx()
		cancelAlloc()
	}
	done := make(chan error, 1)
	go func() { done <- chromedp.Do(ctx) }()
	timeout := min(time.Until(deadline)-5*time.Second, time.Minute)
	select {
	case err := <-done:
		if err != nil {
			return fmt.Errorf("starting %s: %v\n%s", chromium, err, output.String())
		}
		return nil
	case <-time.After(timeout):
		return fmt.Errorf("starting %s: no answer after %v\n%s", chromium, timeout, output.String())
	}
}

type syncWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// tab is one browser tab of one test. It records every console error,
// uncaught exception and CSP violation of the pages it shows, and fails the
// test with them when the test ends.
type tab struct {
	t       *testing.T
	env     *env
	ctx     context.Context
	mu      sync.Mutex
	errs    []string
	expects []*regexp.Regexp // errors the test causes on purpose (see expect)
}

// expect makes the errors that match re expected: they are logged instead
// of failing the test (a test that breaks the network on purpose expects
// the browser's "Failed to load resource").
func (tb *tab) expect(re *regexp.Regexp) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	tb.expects = append(tb.expects, re)
}

// newTab opens a tab for the test; with js false, the tab runs no page
// scripts (what a visitor with JavaScript off sees).
func (e *env) newTab(t *testing.T, js bool) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(e.browser)
	tb := &tab{t: t, env: e, ctx: ctx}
	// The first action on a tab binds the tab to its context, so it gets
	// none with a deadline; it only opens an empty tab.
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		t.Fatalf("opening a tab: %v", err)
	}
	if err := chromedp.Listen(ctx, tb.record); err != nil {
		cancel()
		t.Fatalf("listening to the tab: %v", err)
	}
	t.Cleanup(func() {
		// A round trip: every event sent before its answer has been seen.
		tb.call(5*time.Second, func(ctx context.Context) error {
			_, err := chromedp.Call(ctx, page.GetNavigationHistory, cdp.Empty{})
			return err
		})
		cancel()
		tb.mu.Lock()
		defer tb.mu.Unlock()
		for _, e := range tb.errs {
			if slices.ContainsFunc(tb.expects, func(re *regexp.Regexp) bool { return re.MatchString(e) }) {
				t.Logf("expected page error: %s", e)
				continue
			}
			t.Errorf("page error: %s", e)
		}
	})
	if err := tb.call(10*time.Second, func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, audits.Enable, cdp.Empty{})
		return err
	}); err != nil {
		t.Fatalf("enabling the Audits domain (CSP issues): %v", err)
	}
	// Every tab is a window of its own; focus emulation lets each one
	// behave as the focused window (focus events fire, as for a visitor).
	if err := tb.call(10*time.Second, func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true})
		return err
	}); err != nil {
		t.Fatalf("enabling focus emulation: %v", err)
	}
	if !js {
		if err := tb.call(10*time.Second, func(ctx context.Context) error {
			_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
			return err
		}); err != nil {
			t.Fatalf("disabling JavaScript: %v", err)
		}
	}
	return tb
}

// record runs in the tab's event loop: it must be fast and run no command.
func (tb *tab) record(ev any) {
	var msg string
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type != runtime.ConsoleAPICalledTypeError && ev.Type != runtime.ConsoleAPICalledTypeAssert {
			return
		}
		var args []string
		for _, a := range ev.Args {
			args = append(args, describe(a))
		}
		msg = fmt.Sprintf("console.%s: %s%s", ev.Type, strings.Join(args, " "), where(ev.StackTrace))
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil {
			desc, _, _ := strings.Cut(describe(d.Exception), "\n") // the stack follows
			text += " " + desc
		}
		msg = fmt.Sprintf("uncaught exception: %s (%s:%d:%d)", text, d.URL, d.LineNumber+1, d.ColumnNumber+1)
	case *log.EventEntryAdded:
		en := ev.Entry
		if en.Level != log.EntryLevelError {
			return
		}
		msg = fmt.Sprintf("console error (%s): %s", en.Source, en.Text)
		if en.URL != "" {
			msg += fmt.Sprintf(" (%s:%d)", en.URL, en.LineNumber+1)
		}
	case *audits.EventIssueAdded:
		if ev.Issue == nil || ev.Issue.Code != audits.InspectorIssueCodeContentSecurityPolicyIssue {
			return
		}
		msg = "CSP violation"
		if d := ev.Issue.Details; d != nil && d.ContentSecurityPolicyIssueDetails != nil {
			c := d.ContentSecurityPolicyIssueDetails
			msg += fmt.Sprintf(": %s blocked by directive %q", c.ContentSecurityPolicyViolationType, c.ViolatedDirective)
			if c.BlockedURL != "" {
				msg += " (" + c.BlockedURL + ")"
			}
			if c.SourceCodeLocation != nil {
				msg += fmt.Sprintf(" at %s:%d", c.SourceCodeLocation.URL, c.SourceCodeLocation.LineNumber+1)
			}
			if c.IsReportOnly {
				msg += " [report-only]"
			}
		}
	default:
		return
	}
	tb.mu.Lock()
	tb.errs = append(tb.errs, msg)
	tb.mu.Unlock()
}

func describe(o *runtime.RemoteObject) string {
	if o == nil {
		return "null"
	}
	if o.Description != "" {
		return o.Description
	}
	if len(o.Value) > 0 {
		return strings.Trim(string(o.Value), `"`)
	}
	return string(o.Type)
}

func where(st *runtime.StackTrace) string {
	if st == nil || len(st.CallFrames) == 0 {
		return ""
	}
	f := st.CallFrames[0]
	return fmt.Sprintf(" (%s:%d:%d)", f.URL, f.LineNumber+1, f.ColumnNumber+1)
}

// bound returns a context for one step: at most d, and ending before the
// test's own deadline so that a hung step fails the test with a message
// instead of killing the binary.
func (tb *tab) bound(d time.Duration) (context.Context, context.CancelFunc) {
	if deadline, ok := tb.t.Deadline(); ok {
		d = min(d, time.Until(deadline)-10*time.Second)
		d = max(d, time.Second)
	}
	return context.WithTimeout(tb.ctx, d)
}

// call runs f with a context bounded by d.
func (tb *tab) call(d time.Duration, f func(ctx context.Context) error) error {
	ctx, cancel := tb.bound(d)
	defer cancel()
	return f(ctx)
}

// do runs the steps, bounded by d.
func (tb *tab) do(d time.Duration, steps ...chromedp.Action[chromedp.Void]) error {
	return tb.call(d, func(ctx context.Context) error { return chromedp.Do(ctx, steps...) })
}

// eval evaluates a JavaScript expression in the page, bounded by a few
// seconds.
func eval[T any](tb *tab, expr string) (T, error) {
	ctx, cancel := tb.bound(5 * time.Second)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr))
}

// open navigates to the site path p (with its query) and waits for the
// page to load.
func (tb *tab) open(p string) {
	tb.t.Helper()
	if err := tb.do(15*time.Second, chromedp.Navigate(tb.env.base+p)); err != nil {
		tb.t.Fatalf("opening %s: %v", p, err)
	}
}

// rel returns a URL of the site without the server's address, for messages.
func (tb *tab) rel(u string) string {
	return strings.TrimPrefix(u, tb.env.base)
}

// A key of a real keyboard, for press.
type key struct {
	key, code, text string
	vk              int64
}

var (
	keySlash     = key{"/", "Slash", "/", 191}
	keyEnter     = key{"Enter", "Enter", "\r", 13}
	keyEscape    = key{"Escape", "Escape", "", 27}
	keyArrowDown = key{"ArrowDown", "ArrowDown", "", 40}
	keyArrowUp   = key{"ArrowUp", "ArrowUp", "", 38}
)

// press presses and releases k on the focused element the way a keyboard
// does, as Puppeteer does: one keyDown that carries the key's text, so
// that a page calling preventDefault on keydown also stops the text (the
// "/" shortcut) or the default action (Enter submitting the form).
// chromedp.KeyEvent sends the text as a separate char event, which
// preventDefault cannot stop.
func (tb *tab) press(k key) error {
	return tb.call(5*time.Second, func(ctx context.Context) error {
		down := input.DispatchKeyEventParams{
			Type: input.DispatchKeyEventTypeRawKeyDown, Key: k.key, Code: k.code,
			WindowsVirtualKeyCode: k.vk, NativeVirtualKeyCode: k.vk,
		}
		if k.text != "" {
			down.Type, down.Text, down.UnmodifiedText = input.DispatchKeyEventTypeKeyDown, k.text, k.text
		}
		if _, err := chromedp.Call(ctx, input.DispatchKeyEvent, down); err != nil {
			return fmt.Errorf("pressing %s: %w", k.key, err)
		}
		up := input.DispatchKeyEventParams{
			Type: input.DispatchKeyEventTypeKeyUp, Key: k.key, Code: k.code,
			WindowsVirtualKeyCode: k.vk, NativeVirtualKeyCode: k.vk,
		}
		if _, err := chromedp.Call(ctx, input.DispatchKeyEvent, up); err != nil {
			return fmt.Errorf("releasing %s: %w", k.key, err)
		}
		return nil
	})
}
