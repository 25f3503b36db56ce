package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"kbgen/generator/kb"
)

// axeTags are the axe-core rule tags the gate runs: every WCAG 2.0, 2.1
// and 2.2 rule of levels A and AA, and axe's best practices (landmarks,
// one h1, headings in order, …), which the site also passes.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"}

// colorSchemes are the two looks of every page: the site follows the
// reader's prefers-color-scheme, so contrast is checked in both.
var colorSchemes = []string{"light", "dark"}

// axeStates are pages in states no file of the site shows by itself: the
// results that search.js renders with a live count: on the search page a
// list of links, in the header's popup a combobox's listbox with an option
// made active from the keyboard, and the note that a query matched
// nothing; and the failures article.js shows when the browser refuses the
// clipboard, next to a fix's "Copy as reply" and next to a step's copy
// link (in the step it then links to, which is highlighted as the target);
// and the notes a fix shows, highlighted as the target, once answered
// without JavaScript (the form lands on the article at the note's anchor).
// They stay until the next copy, so axe sees them; "Link copied" goes after
// a few seconds, and is in the page's text colour. Each is checked once its
// results, its note or its message are there.
var axeStates = []axeState{
	{name: "/search/?q=certificate", path: "/search/?q=certificate", query: "certificate"},
	{name: "/ with certificate typed, first result active", path: "/", query: "certificate", typed: true},
	{name: seedURL + " with 0x800CCC0E typed in the header", path: seedURL, query: "0x800CCC0E", typed: true},
	{name: "/search/?q=" + noMatch, path: "/search/?q=" + noMatch, query: noMatch, none: true},
	{name: "/ with " + noMatch + " typed", path: "/", query: noMatch, typed: true, none: true},
	{name: seedURL + " after a fix's reply could not be copied", path: seedURL,
		copy: "#" + seedFix + " .copy-reply", feedback: "Couldn't copy the reply: your browser did not allow it"},
	{name: seedURL + " after a step's link could not be copied", path: seedURL,
		copy: "#" + seedStep2 + " > .copy-link", feedback: "Couldn't copy: long-press or right-click the link to copy it"},
	{name: seedURL + " answered Yes without JavaScript", path: seedURL + "#" + kb.AnswerID(seedFix, "yes")},
	{name: seedURL + " answered No without JavaScript", path: seedURL + "#" + kb.AnswerID(seedFix, "no")},
	{name: seedURL + " answered No to the last fix without JavaScript", path: seedURL + "#" + kb.AnswerID("contact-provider", "no")},
}

// axeState is a page to check: a path, and for a search state the query
// typed into the box (or given in the URL) whose results must show first;
// for a copy state, the control to click, with the clipboard refused, and
// the failure it must show.
type axeState struct {
	name, path string
	query      string
	typed      bool // type the query, then press the down arrow
	none       bool // the query matches nothing: wait for the note that says so
	copy       string
	feedback   string
}

// show opens the page and brings it into the state.
func (s axeState) show(tb *tab) {
	tb.t.Helper()
	tb.open(s.path)
	if s.copy != "" {
		tb.waitScript()
		tb.setClipboardWrite(tb.t, browser.PermissionSettingDenied)
		if err := tb.do(5*time.Second, chromedp.Click(chromedp.CSS(s.copy))); err != nil {
			tb.t.Fatalf("%s: clicking %s: %v", s.name, s.copy, err)
		}
		tb.waitFeedback(s.copy, s.feedback, true)
		return
	}
	if s.query == "" {
		return
	}
	if s.typed {
		if err := tb.do(5*time.Second, chromedp.SendKeys(chromedp.CSS("#search-input"), s.query)); err != nil {
			tb.t.Fatalf("%s: typing into #search-input: %v", s.name, err)
		}
	}
	if s.none {
		tb.waitNote(s.query, "No results", s.query)
		return
	}
	tb.waitResults(s.query)
	if s.typed {
		if err := tb.press(keyArrowDown); err != nil {
			tb.t.Fatalf("%s: %v", s.name, err)
		}
	}
}

// TestAxe is the accessibility gate: every HTML page of the built site
// (alias pages that only redirect aside), in light and dark mode, has no
// axe-core violation of the rules tagged axeTags. axe-core is the npm
// package's axe.min.js (see axeCorePath); it is evaluated in each page
// through the DevTools protocol, which the page's Content Security Policy
// does not govern, so the gate does not weaken the CSP it runs under.
func TestAxe(t *testing.T) {
	e := setup(t)
	axe := axeSource(t)

	pages, err := sitePages(e.public)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) == 0 {
		t.Fatalf("no HTML page found in %s", e.public)
	}
	var states []axeState
	for _, p := range pages {
		states = append(states, axeState{name: p, path: p})
	}
	states = append(states, axeStates...)
	for _, scheme := range colorSchemes {
		t.Run(scheme, func(t *testing.T) {
			tb := e.newTab(t, true)
			tb.emulateColorScheme(scheme)
			for _, s := range states {
				s.show(tb)
				tb.checkColorScheme(scheme)
				res := tb.runAxe(axe)
				for _, v := range res.Violations {
					t.Errorf("%s", v.report(s.name, scheme))
				}
				t.Logf("%s: %d rules passed, %d violated, %d to review by hand %v",
					s.name, res.Passes, len(res.Violations), len(res.Incomplete), res.Incomplete)
			}
		})
	}
}

// TestAxeFails proves the gate can fail: a page with an image without alt
// text, grey-on-white text and an unlabelled field gives those violations,
// in both color schemes, through the same runner TestAxe uses.
func TestAxeFails(t *testing.T) {
	e := setup(t)
	axe := axeSource(t)

	// The fixture is served by a server of its own, so the site's server
	// and its output stay as built; it sends the site's CSP, as TestAxe's
	// pages have.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	files := http.FileServer(http.Dir(filepath.Join("testdata", "axe")))
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:")
		files.ServeHTTP(w, r)
	})}}
	srv.Start()
	defer srv.Close()

	want := []string{"color-contrast", "image-alt", "label"}
	for _, scheme := range colorSchemes {
		t.Run(scheme, func(t *testing.T) {
			tb := e.newTab(t, true)
			tb.emulateColorScheme(scheme)
			if err := tb.do(15*time.Second, chromedp.Navigate(srv.URL+"/inaccessible.html")); err != nil {
				t.Fatalf("opening the fixture: %v", err)
			}
			res := tb.runAxe(axe)
			var got []string
			for _, v := range res.Violations {
				got = append(got, v.ID)
				t.Logf("as TestAxe would report it: %s", v.report("/inaccessible.html", scheme))
			}
			for _, id := range want {
				if !slices.Contains(got, id) {
					t.Errorf("axe found %v on the inaccessible fixture; want %s among them", got, id)
				}
			}
		})
	}
}

// TestRedirectOnly checks which built files the gate skips as alias pages.
func TestRedirectOnly(t *testing.T) {
	for _, tc := range []struct {
		page string
		want bool
	}{
		// What Hugo writes for an alias.
		{`<!DOCTYPE html><html lang="en"><head><title>https://example.org/a/</title><link rel="canonical" href="https://example.org/a/"><meta charset="utf-8"><meta http-equiv="refresh" content="0; url=https://example.org/a/"></head></html>`, true},
		{`<!doctype html><title>x</title><meta http-equiv=refresh content="0; url=/a/">`, true},
		{`<!doctype html><title>x</title><meta http-equiv=refresh content="0; url=/a/"><main><h1>A page</h1></main>`, false},
		{`<!doctype html><html lang=en><title>x</title><body><main><h1>A page</h1></main>`, false},
	} {
		if got := redirectOnly([]byte(tc.page)); got != tc.want {
			t.Errorf("redirectOnly(%q) = %v; want %v", tc.page, got, tc.want)
		}
	}
}

// axeCorePath is where axe.min.js is: $AXE_CORE_JS, or the npm package
// that .ci/run installs into $KB_CI_TOOLS (default ~/.cache/kb-ci-tools).
func axeCorePath() string {
	if p := os.Getenv("AXE_CORE_JS"); p != "" {
		return p
	}
	tools := os.Getenv("KB_CI_TOOLS")
	if tools == "" {
		home, _ := os.UserHomeDir()
		tools = filepath.Join(home, ".cache", "kb-ci-tools")
	}
	return filepath.Join(tools, "node_modules", "axe-core", "axe.min.js")
}

// axeSource reads axe.min.js. Without it the test skips, or fails when
// CI=true.
func axeSource(t *testing.T) string {
	t.Helper()
	p := axeCorePath()
	data, err := os.ReadFile(p)
	if err != nil {
		msg := fmt.Sprintf("axe-core not found (%v): npm install --prefix ${KB_CI_TOOLS:-$HOME/.cache/kb-ci-tools} --ignore-scripts axe-core@4, or set AXE_CORE_JS to axe.min.js", err)
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s (CI=true: failing instead of skipping)", msg)
		}
		t.Skip(msg)
	}
	return string(data)
}

// sitePages returns the URL path of every HTML page under public, sorted,
// leaving out alias pages that only redirect.
func sitePages(public string) ([]string, error) {
	var pages []string
	err := filepath.WalkDir(public, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if redirectOnly(data) {
			return nil
		}
		rel, err := filepath.Rel(public, p)
		if err != nil {
			return err
		}
		u := "/" + filepath.ToSlash(rel)
		if dir, ok := strings.CutSuffix(u, "/index.html"); ok {
			u = dir + "/"
		}
		pages = append(pages, u)
		return nil
	})
	slices.Sort(pages)
	return pages, err
}

var (
	metaRefresh = regexp.MustCompile(`(?i)<meta\s[^>]*http-equiv\s*=\s*["']?refresh`)
	pageContent = regexp.MustCompile(`(?i)<(main|h1|p|nav|header|body)[\s>]`)
)

// redirectOnly reports whether an HTML file is an alias page: a meta
// refresh and no content of its own.
func redirectOnly(page []byte) bool {
	return metaRefresh.Match(page) && !pageContent.Match(page)
}

// emulateColorScheme makes the tab's pages see prefers-color-scheme as
// scheme ("light" or "dark") from the next navigation on.
func (tb *tab) emulateColorScheme(scheme string) {
	tb.t.Helper()
	if err := tb.call(5*time.Second, func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		return err
	}); err != nil {
		tb.t.Fatalf("emulating prefers-color-scheme: %s: %v", scheme, err)
	}
}

// checkColorScheme fails the test if the page does not see the emulated
// color scheme.
func (tb *tab) checkColorScheme(scheme string) {
	tb.t.Helper()
	q := fmt.Sprintf(`matchMedia("(prefers-color-scheme: %s)").matches`, scheme)
	if ok, err := eval[bool](tb, q); err != nil || !ok {
		tb.t.Fatalf("%s = %v (%v); the color scheme is not emulated", q, ok, err)
	}
}

// axeResult is what runAxe returns of axe.run's results.
type axeResult struct {
	Violations []axeViolation `json:"violations"`
	Incomplete []string       `json:"incomplete"` // ids of rules axe could not decide
	Passes     int            `json:"passes"`     // how many rules passed
}

type axeViolation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []struct {
		Target  string `json:"target"` // CSS selector; " >>> " separates frames and shadow roots
		HTML    string `json:"html"`
		Summary string `json:"summary"`
	} `json:"nodes"`
}

// report is one violation as the gate prints it: page, scheme, rule,
// impact, then every element with its selector and what axe says is wrong.
func (v axeViolation) report(page, scheme string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s [%s]: %s (%s)", page, scheme, v.ID, v.Impact, v.Help, v.HelpURL)
	for _, n := range v.Nodes {
		fmt.Fprintf(&b, "\n\t%s\n\t\t%s\n\t\t%s", n.Target, n.HTML, strings.ReplaceAll(n.Summary, "\n", "\n\t\t"))
	}
	return b.String()
}

// runAxe evaluates axe-core in the page, unless the page has it already,
// and runs it over the whole document with axeTags.
func (tb *tab) runAxe(source string) axeResult {
	tb.t.Helper()
	if err := tb.call(30*time.Second, func(ctx context.Context) error {
		loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof window.axe === "object"`))
		if err != nil || loaded {
			return err
		}
		_, err = chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](source))
		return err
	}); err != nil {
		tb.t.Fatalf("evaluating axe-core in the page: %v", err)
	}
	tags, err := json.Marshal(axeTags)
	if err != nil {
		tb.t.Fatal(err)
	}
	run := `axe.run(document, {runOnly: {type: "tag", values: ` + string(tags) + `}, resultTypes: ["violations"]}).then(r => ({
		violations: r.violations.map(v => ({
			id: v.id, impact: v.impact || "", help: v.help, helpUrl: v.helpUrl,
			nodes: v.nodes.map(n => ({
				target: n.target.map(t => Array.isArray(t) ? t.join(" >>> ") : t).join(" >>> "),
				html: n.html, summary: n.failureSummary || "",
			})),
		})),
		incomplete: r.incomplete.map(v => v.id),
		passes: r.passes.length,
	}))`
	var res axeResult
	if err := tb.call(60*time.Second, func(ctx context.Context) error {
		res, err = chromedp.Run(ctx, chromedp.Evaluate[axeResult](run, chromedp.EvalAwaitPromise))
		return err
	}); err != nil {
		tb.t.Fatalf("running axe-core: %v", err)
	}
	return res
}
