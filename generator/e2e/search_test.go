package e2e

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The articles of content/ that the queries expect.
const (
	seedURL      = "/ios-mail/cannot-verify-server-identity/"
	seedH1       = `How to Fix "Cannot verify server identity" (iOS Mail)`
	chromeCert   = "/google-chrome/your-connection-is-not-private/"
	outlook0E    = "/microsoft-outlook/error-0x800ccc0e/"
	outlookRelay = "/microsoft-outlook/550-5-7-1-unable-to-relay/"
	winUpdate    = "/windows-update/error-0x80070005/"
)

// resultWait bounds the wait for the results of one query.
const resultWait = 10 * time.Second

// queries are what visitors type, with the article the first result must
// be. Only the first result's path is asserted; its #anchor (a fix, step or
// FAQ of the article) is logged.
var queries = []struct {
	name  string
	q     string
	first []string // the first result's path must be one of these
}{
	// The whole message as pasted from the error dialog: curly quotes, odd case.
	{"pasted-message", "“CANNOT verify server identity”", []string{seedURL}},
	{"typos", "verfy servr identity", []string{seedURL}},
	// A prefix, as typed so far. Two articles are about certificates: Chrome's
	// (tag "certificates", codes NET::ERR_CERT_*, the word in most fixes)
	// and the seed (certificate in its summary, causes and FAQ). Either
	// is a fair first result.
	{"prefix", "certif", []string{chromeCert, seedURL}},
	{"code-hex", "0x800CCC0E", []string{outlook0E}},
	// A part of the code NET::ERR_CERT_AUTHORITY_INVALID.
	{"code-chrome", "ERR_CERT_AUTHORITY_INVALID", []string{chromeCert}},
	{"code-smtp", "550 5.7.1", []string{outlookRelay}},
	// The title of a fix of the seed: the result should point into the
	// article, ideally at #reset-network-settings or one of its steps.
	{"step-text", "Reset Network Settings", []string{seedURL}},
	// A message pasted with what came after it: a host name is one word,
	// not three (example.com, example, com), and the article whose error
	// message is the pasted phrase stays first even where another article
	// has the host name (Outlook's 0x800CCC0E: imap.example.com).
	{"pasted-with-host", "Cannot verify server identity example.com", []string{seedURL}},
	{"pasted-with-known-host", "Cannot verify server identity imap.example.com", []string{seedURL}},
	// A path is one word too, whatever its parts match elsewhere.
	{"pasted-with-path", `Error 0x80070005 C:\Windows\SoftwareDistribution`, []string{winUpdate}},
	{"pasted-with-outlook-path", `Error 0x80070005 C:\Users\me\AppData\Local\Microsoft\Outlook\outlook.ost`, []string{winUpdate}},
}

// resultsJS lists the hrefs (absolute) of the visible search results, in
// order.
const resultsJS = `Array.from(document.querySelectorAll('#search-results a.search-result-link'))
	.filter(a => a.getClientRects().length > 0).map(a => a.href)`

// stateJS describes the search UI, for failure messages.
const stateJS = `JSON.stringify({
	input: document.querySelector('#search-input') ? document.querySelector('#search-input').value : '(no #search-input)',
	results: document.querySelector('#search-results') ? document.querySelectorAll('#search-results a').length + ' links in #search-results' : '(no #search-results)',
	status: document.querySelector('#search-status') ? document.querySelector('#search-status').textContent.trim() : '(no #search-status)',
	scripts: Array.from(document.scripts, s => s.src).filter(Boolean),
	url: location.pathname + location.search + location.hash,
})`

func TestSearch(t *testing.T) {
	e := setup(t)

	t.Run("harness", func(t *testing.T) {
		tb := e.newTab(t, true)
		tb.open(seedURL)
		h1, err := tb.text("h1")
		if err != nil {
			t.Fatal(err)
		}
		if h1 != seedH1 {
			t.Errorf("<h1> of %s = %q; want %q", seedURL, h1, seedH1)
		}
		resp, err := http.Get(e.base + "/no-such-page/")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET /no-such-page/: status %d; want 404", resp.StatusCode)
		}
	})

	t.Run("results-page", func(t *testing.T) {
		for _, c := range queries {
			t.Run(c.name, func(t *testing.T) {
				t.Parallel() // a tab each, in the one browser
				tb := e.newTab(t, true)
				tb.open("/search/?q=" + url.QueryEscape(c.q))
				hrefs := tb.waitResults(c.q)
				tb.checkFirst(c.q, "/search/?q=", hrefs, c.first)
				tb.checkStatus(len(hrefs))
			})
		}
	})

	t.Run("typed", func(t *testing.T) {
		for _, c := range queries {
			t.Run(c.name, func(t *testing.T) {
				t.Parallel()
				tb := e.newTab(t, true)
				tb.open("/")
				if err := tb.do(5*time.Second, chromedp.SendKeys(chromedp.CSS("#search-input"), c.q)); err != nil {
					t.Fatalf("typing %q into #search-input on the home page: %v", c.q, err)
				}
				if v, err := eval[string](tb, `document.querySelector('#search-input').value`); err == nil && v != c.q {
					t.Logf("#search-input holds %q after typing %q", v, c.q)
				}
				hrefs := tb.waitResults(c.q)
				if !tb.checkFirst(c.q, "typing on /", hrefs, c.first) {
					return
				}
				tb.keyboard(hrefs)
			})
		}
	})

	// The header's box on an article page works as the home page's does.
	t.Run("typed-in-header", func(t *testing.T) {
		const q = "0x800CCC0E"
		tb := e.newTab(t, true)
		tb.open(seedURL)
		if err := tb.do(5*time.Second, chromedp.SendKeys(chromedp.CSS("#search-input"), q)); err != nil {
			t.Fatalf("typing %q into #search-input on %s: %v", q, seedURL, err)
		}
		hrefs := tb.waitResults(q)
		if tb.checkFirst(q, "typing on "+seedURL, hrefs, []string{outlook0E}) {
			tb.keyboard(hrefs)
		}
	})

	t.Run("slash-focuses-box", func(t *testing.T) {
		tb := e.newTab(t, true)
		tb.open(seedURL)
		if err := tb.press(keySlash); err != nil {
			t.Fatal(err)
		}
		var id, value string
		for range 20 { // the script may load on the key
			id, _ = eval[string](tb, `document.activeElement ? document.activeElement.id : ''`)
			if id == "search-input" {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		if id != "search-input" {
			t.Fatalf("after pressing / on %s the focused element is #%s; want #search-input", seedURL, id)
		}
		value, _ = eval[string](tb, `document.querySelector('#search-input').value`)
		if value != "" {
			t.Errorf("pressing / typed %q into the box; want it empty", value)
		}
	})

	// WCAG 2.1.4: the one-key shortcut can be turned off, on the search
	// page, and stays off on every page of the site; its hint goes with it.
	t.Run("slash-turned-off", func(t *testing.T) {
		tb := e.newTab(t, true)
		slashFocuses := func(where string) bool {
			tb.t.Helper()
			tb.open(where)
			if err := tb.press(keySlash); err != nil {
				t.Fatal(err)
			}
			for range 10 {
				if id, _ := eval[string](tb, `document.activeElement ? document.activeElement.id : ''`); id == "search-input" {
					return true
				}
				time.Sleep(100 * time.Millisecond)
			}
			return false
		}
		hint := func() (shown bool, button string) {
			tb.t.Helper()
			type state struct {
				Hint   bool   `json:"hint"`
				Button string `json:"button"`
			}
			st, err := eval[state](tb, `(() => {
				const b = document.querySelector('[data-slash-toggle]');
				return {hint: !document.querySelector('.slash-hint').hidden, button: b && !b.parentElement.hidden ? b.textContent : ''};
			})()`)
			if err != nil {
				t.Fatal(err)
			}
			return st.Hint, st.Button
		}
		toggle := func() {
			tb.t.Helper()
			tb.open("/search/")
			if err := tb.do(5*time.Second, chromedp.Click(chromedp.CSS("[data-slash-toggle]"))); err != nil {
				t.Fatalf("clicking the shortcut's setting on /search/: %v", err)
			}
		}
		tb.open("/search/")
		if shown, button := hint(); !shown || button != "Turn off the / shortcut" {
			t.Fatalf("on /search/ the hint is shown: %v, the setting says %q; want the hint and \"Turn off the / shortcut\"", shown, button)
		}
		toggle()
		if shown, button := hint(); shown || button != "Turn on the / shortcut" {
			t.Errorf("after turning it off the hint is shown: %v, the setting says %q; want no hint and \"Turn on the / shortcut\"", shown, button)
		}
		if slashFocuses(seedURL) {
			t.Errorf("with the shortcut turned off, / on %s still moved focus to the search box", seedURL)
		}
		if shown, _ := hint(); shown {
			t.Errorf("with the shortcut turned off, %s still describes it to screen readers", seedURL)
		}
		toggle()
		if !slashFocuses(seedURL) {
			t.Errorf("turned on again, / on %s did not move focus to the search box", seedURL)
		}
	})

	t.Run("escape-clears", func(t *testing.T) {
		tb := e.newTab(t, true)
		tb.open(seedURL)
		if err := tb.do(5*time.Second, chromedp.SendKeys(chromedp.CSS("#search-input"), "certif")); err != nil {
			t.Fatal(err)
		}
		tb.waitResults("certif")
		if err := tb.press(keyEscape); err != nil {
			t.Fatal(err)
		}
		var hrefs []string
		var value string
		for range 20 {
			hrefs, _ = eval[[]string](tb, resultsJS)
			value, _ = eval[string](tb, `document.querySelector('#search-input').value`)
			if len(hrefs) == 0 || value == "" {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Logf("after Escape: box %q, %d visible results", value, len(hrefs))
		if len(hrefs) > 0 && value != "" {
			t.Errorf("Escape neither cleared the box (%q) nor closed the results (%d visible)", value, len(hrefs))
		}
	})

	t.Run("script-loads-on-use", func(t *testing.T) {
		tb := e.newTab(t, true)
		tb.open(seedURL)
		before, err := eval[[]loaded](tb, loadedJS)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range before {
			if r.JSON {
				t.Errorf("%s fetched %s before the search box was used", seedURL, tb.rel(r.Name))
			}
			if r.Script {
				t.Logf("loaded with the page: %s (%d bytes)", tb.rel(r.Name), r.Size)
			}
		}
		if err := tb.do(5*time.Second, chromedp.Focus(chromedp.CSS("#search-input"))); err != nil {
			t.Fatal(err)
		}
		var added []string
		for range 50 {
			after, _ := eval[[]loaded](tb, loadedJS)
			added = added[:0]
			for _, r := range after {
				if r.Script && !slices.ContainsFunc(before, func(b loaded) bool { return b.Name == r.Name }) {
					added = append(added, fmt.Sprintf("%s (%d bytes)", tb.rel(r.Name), r.Size))
				}
			}
			if len(added) > 0 {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		if len(added) == 0 {
			t.Errorf("focusing #search-input loaded no script within 5 s")
		}
		t.Logf("loaded on focus: %s", strings.Join(added, ", "))
	})
}

// loaded is a resource the page fetched, from loadedJS.
type loaded struct {
	Name   string `json:"name"`
	Size   int    `json:"size"`
	Script bool   `json:"script"`
	JSON   bool   `json:"json"`
}

// loadedJS lists the scripts and JSON files the page has fetched.
const loadedJS = `performance.getEntriesByType('resource').map(e => ({
	name: e.name, size: e.decodedBodySize,
	script: /\.m?js(\?|$)/.test(new URL(e.name).pathname),
	json: /\.json(\?|$)/.test(new URL(e.name).pathname),
})).filter(r => r.script || r.json)`

// TestSearchWithoutJS checks the search for a visitor with JavaScript off:
// the header form submits to /search/, which lists every error and product
// from A to Z.
func TestSearchWithoutJS(t *testing.T) {
	e := setup(t)

	t.Run("search-page-lists-a-z", func(t *testing.T) {
		tb := e.newTab(t, false)
		tb.open("/search/?q=x")
		tb.checkAZ()
	})

	t.Run("header-form-submits", func(t *testing.T) {
		tb := e.newTab(t, false)
		tb.open(seedURL)
		attrs, err := tb.attrs(`form[role="search"]`)
		if err != nil {
			t.Fatal(err)
		}
		if attrs["action"] != "/search/" {
			t.Errorf(`form[role="search"] action = %q; want "/search/"`, attrs["action"])
		}
		in, err := tb.attrs("#search-input")
		if err != nil {
			t.Fatal(err)
		}
		if in["name"] != "q" || in["type"] != "search" {
			t.Errorf("#search-input name=%q type=%q; want name=q type=search", in["name"], in["type"])
		}
		// Enter in the box submits the form: no script needed.
		if err := tb.do(5*time.Second, chromedp.SendKeys(chromedp.CSS("#search-input"), "0x800CCC0E")); err != nil {
			t.Fatal(err)
		}
		if err := tb.press(keyEnter); err != nil {
			t.Fatal(err)
		}
		want := "/search/?q=0x800CCC0E"
		var got string
		for range 100 {
			got, _ = tb.location()
			if got == want {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		if got != want {
			t.Fatalf("submitting the header form went to %s; want %s", got, want)
		}
		tb.checkAZ()
	})
}

// waitResults waits until the visible results are there and the page has
// stopped changing: the box debounces typing (~100 ms) and a query still
// in flight renders again (same results, active option reset), so the
// results count once the DOM has been quiet for quietFor. It returns their
// hrefs.
func (tb *tab) waitResults(q string) []string {
	tb.t.Helper()
	deadline := time.Now().Add(resultWait)
	var last []string
	for {
		r, err := eval[resultsState](tb, quietJS)
		if err == nil && len(r.Hrefs) > 0 && slices.Equal(r.Hrefs, last) && r.Quiet >= quietFor.Milliseconds() {
			return r.Hrefs
		}
		last = r.Hrefs
		if time.Now().After(deadline) {
			state, _ := eval[string](tb, stateJS)
			tb.t.Fatalf("query %q: no results in #search-results a.search-result-link within %v; page state: %s", q, resultWait, state)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// quietFor is how long the page must not change for its results to count.
const quietFor = 400 * time.Millisecond

type resultsState struct {
	Hrefs []string `json:"hrefs"`
	Quiet int64    `json:"quiet"` // ms since the DOM last changed
}

// quietJS returns the visible results and how long the DOM has been
// unchanged, watching it from the first call on.
const quietJS = `(() => {
	if (!window.__e2eQuiet) {
		const q = window.__e2eQuiet = {t: performance.now()};
		new MutationObserver(() => { q.t = performance.now(); })
			.observe(document.documentElement, {subtree: true, childList: true, attributes: true, characterData: true});
	}
	return {hrefs: ` + resultsJS + `, quiet: Math.floor(performance.now() - window.__e2eQuiet.t)};
})()`

// checkFirst checks that the first result is one of the wanted articles,
// and logs where it points.
func (tb *tab) checkFirst(q, how string, hrefs []string, want []string) bool {
	tb.t.Helper()
	u, err := url.Parse(hrefs[0])
	if err != nil {
		tb.t.Errorf("query %q (%s): first result has a bad href %q: %v", q, how, hrefs[0], err)
		return false
	}
	top := make([]string, 0, 3)
	for _, h := range hrefs[:min(3, len(hrefs))] {
		top = append(top, tb.rel(h))
	}
	if !slices.Contains(want, u.Path) {
		tb.t.Errorf("query %q (%s): first result %s; want %s\n\ttop 3: %s",
			q, how, tb.rel(hrefs[0]), strings.Join(want, " or "), strings.Join(top, ", "))
		return false
	}
	tb.t.Logf("query %q (%s): first result %s (anchor %q); top 3: %s", q, how, u.Path, u.Fragment, strings.Join(top, ", "))
	return true
}

var countRE = regexp.MustCompile(`\b\d+ results?\b`)

// checkStatus checks that the live region announces a count.
func (tb *tab) checkStatus(n int) {
	tb.t.Helper()
	var status string
	for range 20 {
		status, _ = eval[string](tb, `(document.querySelector('#search-status') || {}).textContent || ''`)
		if countRE.MatchString(status) {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	tb.t.Errorf("#search-status says %q with %d results shown; want a count like %q", status, n, fmt.Sprintf("%d results", n))
}

// keyboard checks the keys of the results list: ArrowDown makes the first
// result the active option (and with two or more results, ArrowDown again
// the second, ArrowUp the first again); Enter opens the active result.
func (tb *tab) keyboard(hrefs []string) {
	tb.t.Helper()
	type step struct {
		k    key
		want int // the active result after the key
	}
	steps := []step{{keyArrowDown, 0}}
	if len(hrefs) > 1 {
		steps = append(steps, step{keyArrowDown, 1}, step{keyArrowUp, 0})
	}
	for _, s := range steps {
		if err := tb.press(s.k); err != nil {
			tb.t.Fatal(err)
		}
		var got activeOption
		for range 10 {
			var err error
			if got, err = eval[activeOption](tb, activeJS); err == nil && got.Problem == "" && got.Index == s.want {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		switch {
		case got.Problem != "":
			tb.t.Errorf("after %s: %s", s.k.key, got.Problem)
		case got.Index != s.want:
			tb.t.Errorf("after %s: result %d is the active option; want result %d", s.k.key, got.Index+1, s.want+1)
		}
	}
	if err := tb.press(keyEnter); err != nil {
		tb.t.Fatal(err)
	}
	want := tb.rel(hrefs[0])
	var got string
	for range 100 {
		got, _ = tb.location()
		if got == want {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	tb.t.Errorf("Enter on the first result went to %s; want %s", got, want)
}

// activeOption is the result of activeJS.
type activeOption struct {
	Index   int    `json:"index"`
	Problem string `json:"problem"`
}

// activeJS finds the active option the way a screen reader does: from
// aria-activedescendant on the box to an element with aria-selected=true,
// and returns which result (0 for the first) it holds.
const activeJS = `(() => {
	const input = document.querySelector('#search-input');
	const id = input.getAttribute('aria-activedescendant');
	if (!id) return {problem: 'no aria-activedescendant on #search-input'};
	const opt = document.getElementById(id);
	if (!opt) return {problem: 'aria-activedescendant="' + id + '" names no element'};
	if (opt.getAttribute('aria-selected') !== 'true') return {problem: '#' + id + ' has aria-selected="' + opt.getAttribute('aria-selected') + '"; want "true"'};
	const links = Array.from(document.querySelectorAll('#search-results a.search-result-link'));
	const i = links.findIndex(a => opt === a || opt.contains(a) || a.contains(opt));
	if (i < 0) return {problem: '#' + id + ' holds no a.search-result-link'};
	const others = document.querySelectorAll('#search-results [aria-selected="true"]').length;
	if (others > 1) return {problem: others + ' options have aria-selected="true"'};
	return {index: i, problem: ''};
})()`

// location is the page's URL without the server's address.
func (tb *tab) location() (string, error) {
	ctx, cancel := tb.bound(2 * time.Second)
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	return tb.rel(loc), err
}

// text returns the visible text of the first element that matches the CSS
// selector. It reads the DOM, not scripts, so it works with JavaScript off.
func (tb *tab) text(sel string) (string, error) {
	ctx, cancel := tb.bound(5 * time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		return "", fmt.Errorf("reading %s: %w", sel, err)
	}
	return strings.TrimSpace(s), nil
}

// attrs returns the attributes of the first element that matches sel.
func (tb *tab) attrs(sel string) (map[string]string, error) {
	ctx, cancel := tb.bound(5 * time.Second)
	defer cancel()
	a, err := chromedp.Run(ctx, chromedp.Attributes(chromedp.CSS(sel)))
	if err != nil {
		return nil, fmt.Errorf("reading the attributes of %s: %w", sel, err)
	}
	return a, nil
}

// checkAZ checks that #search-az is on the page and links to the seed
// article.
func (tb *tab) checkAZ() {
	tb.t.Helper()
	ctx, cancel := tb.bound(resultWait)
	defer cancel()
	links, err := chromedp.Run(ctx, chromedp.AttributesAll(chromedp.CSSAll("#search-az a")))
	if err != nil {
		tb.t.Fatalf("#search-az: no links (%v)", err)
	}
	var hrefs []string
	for _, a := range links {
		u, err := url.Parse(a["href"])
		if err != nil {
			continue
		}
		hrefs = append(hrefs, u.Path)
	}
	if !slices.Contains(hrefs, seedURL) {
		tb.t.Errorf("#search-az does not link to %s; its links: %q", seedURL, hrefs)
	}
	tb.t.Logf("#search-az: %d links", len(hrefs))
}

// TestSearchPageTabOrder: on the search page the results are the page's
// content, reached as any links are: Tab goes from the box and its button
// to the first result (not past every result to the A–Z list), and the
// arrow keys move the focus from the box into the results and back.
func TestSearchPageTabOrder(t *testing.T) {
	e := setup(t)
	tb := e.newTab(t, true)
	tb.open("/search/?q=" + url.QueryEscape("certificate"))
	hrefs := tb.waitResults("certificate")
	if len(hrefs) < 2 {
		t.Fatalf("certificate gives %d results; want 2 or more", len(hrefs))
	}
	focused := func() string {
		t.Helper()
		h, err := eval[string](tb, `(() => { const a = document.activeElement; return a.id || a.getAttribute('href') || a.tagName; })()`)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	if err := tb.do(5*time.Second, chromedp.Focus(chromedp.CSS("#search-input"))); err != nil {
		t.Fatal(err)
	}
	// Past the form's own controls (its button, the shortcut's setting).
	for range 4 {
		if err := tb.press(keyTab); err != nil {
			t.Fatal(err)
		}
		if in, _ := eval[bool](tb, `!!document.activeElement.closest('form')`); !in {
			break
		}
	}
	if got := focused(); got != "search-result-0" {
		t.Errorf("Tab from the search box past the form focuses %s; want the first result, #search-result-0", got)
	}
	if err := tb.do(5*time.Second, chromedp.Focus(chromedp.CSS("#search-input"))); err != nil {
		t.Fatal(err)
	}
	for _, s := range []struct {
		k    key
		want string
	}{{keyArrowDown, "search-result-0"}, {keyArrowDown, "search-result-1"}, {keyArrowUp, "search-result-0"}, {keyArrowUp, "search-input"}} {
		if err := tb.press(s.k); err != nil {
			t.Fatal(err)
		}
		if got := focused(); got != s.want {
			t.Errorf("after %s the focus is on %s; want #%s", s.k.key, got, s.want)
		}
	}
	if role, _ := eval[string](tb, `document.getElementById('search-results').getAttribute('role') + ' ' + document.querySelectorAll('#search-results [role=option]').length`); role != "list 0" {
		t.Errorf("the results on the search page are %q (role, options); want a list of links, no options", role)
	}
}
