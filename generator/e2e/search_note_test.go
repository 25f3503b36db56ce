package e2e

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// noMatch is a query no article matches, not even by a typo or a prefix.
const noMatch = "zqxwvj"

// TestSearchNoResults: a query that matches nothing says so where the
// results would be, visibly, and the status announces it.
func TestSearchNoResults(t *testing.T) {
	e := setup(t)
	for _, c := range []struct{ name, path string }{
		{"typed-on-home", "/"},
		{"typed-in-header", seedURL},
		{"results-page", "/search/?q=" + noMatch},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			tb := e.newTab(t, true)
			tb.open(c.path)
			if !strings.Contains(c.path, "?q=") {
				if err := tb.do(5*time.Second, chromedp.SendKeys(chromedp.CSS("#search-input"), noMatch)); err != nil {
					t.Fatalf("typing %q into #search-input on %s: %v", noMatch, c.path, err)
				}
			}
			// It names the query, once the box holds all of it.
			text := tb.waitNote(noMatch, "No results", noMatch)
			if !strings.Contains(text, "A–Z") {
				t.Errorf("the results area says %q; want it to point to the A–Z list of every error message", text)
			}
			tb.checkAnnounced("No results")
			if hrefs, _ := eval[[]string](tb, resultsJS); len(hrefs) > 0 {
				t.Errorf("query %q: %d results shown; want none", noMatch, len(hrefs))
			}
		})
	}
}

// TestSearchUnavailable: when the index cannot be fetched (the network is
// down, or the files are missing), a query says so visibly instead of
// failing silently, and once the files are back the next query works: a
// failed fetch is not remembered for the life of the page. Each case
// serves the site at an address of its own (see outage), so that nothing
// another test fetched is in the browser's cache.
func TestSearchUnavailable(t *testing.T) {
	e := setup(t)
	// The browser logs every failed request; those of the index are the
	// point of the test.
	failed := regexp.MustCompile(`^console error \(network\): Failed to load resource: .*/search-index[./]`)

	// The network drops while the whole index (manifest included) is
	// fetched: typing on the home page.
	t.Run("network-down-then-up", func(t *testing.T) {
		t.Parallel()
		o := e.startOutage(t)
		tb := e.newTab(t, true)
		tb.expect(failed)
		o.fail("/search-index", true)
		tb.navigate(o.URL + "/")
		const q = "certif"
		if err := tb.do(5*time.Second, chromedp.SendKeys(chromedp.CSS("#search-input"), q)); err != nil {
			t.Fatalf("typing %q into #search-input: %v", q, err)
		}
		tb.waitNote(q, "unavailable")
		tb.checkAnnounced("unavailable")
		if n := o.failures(); n == 0 {
			t.Fatalf("no request of the index failed; the test did not test the outage")
		}

		o.fail("", false)
		const again = "0x800CCC0E"
		tb.retype(again)
		hrefs := tb.waitResults(again)
		tb.checkFirst(again, "typing on / after the network came back", hrefs, []string{outlook0E})
		if text, _ := eval[string](tb, visibleTextJS); strings.Contains(text, "unavailable") {
			t.Errorf("with results shown, the results area still says %q", text)
		}
	})

	// The manifest loads, but the shards are missing (503): on the
	// search page, whose query comes in the URL; then the same query,
	// typed again, finds its article.
	t.Run("shards-missing-then-served", func(t *testing.T) {
		t.Parallel()
		o := e.startOutage(t)
		tb := e.newTab(t, true)
		tb.expect(failed)
		o.fail("/search-index/", false)
		const q = "0x800CCC0E"
		tb.navigate(o.URL + "/search/?q=" + url.QueryEscape(q))
		tb.waitNote(q, "unavailable")
		tb.checkAnnounced("unavailable")
		if n := o.failures(); n == 0 {
			t.Fatalf("no request of the index failed; the test did not test the outage")
		}

		o.fail("", false)
		tb.retype(q)
		hrefs := tb.waitResults(q)
		tb.checkFirst(q, "typing on /search/ after the shards came back", hrefs, []string{outlook0E})
	})
}

// visibleTextJS returns the text a sighted reader sees in the results
// area: the element that holds #search-results (the popup under the box,
// or the search page's main column, less its A–Z list), text node by text
// node, a text counting only if it is drawn and on top at its own place
// (what is visually hidden, clipped to nothing or hidden is not).
const visibleTextJS = `(() => {
	const list = document.getElementById('search-results');
	if (!list) return '';
	const out = [];
	const walk = document.createTreeWalker(list.parentElement, NodeFilter.SHOW_TEXT,
		n => n.parentElement.closest('#search-az') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT);
	for (let n; (n = walk.nextNode());) {
		if (!n.data.trim()) continue;
		const range = document.createRange();
		range.selectNodeContents(n);
		const box = Array.from(range.getClientRects()).find(r => r.width > 2 && r.height > 2);
		if (!box) continue;
		const hit = document.elementFromPoint(box.left + Math.min(box.width / 2, 4), box.top + box.height / 2);
		if (hit && n.parentElement.contains(hit)) out.push(n.data.trim());
	}
	return out.join(' ');
})()`

// waitNote waits until the results area visibly says all of want, and
// returns what it says.
func (tb *tab) waitNote(q string, want ...string) string {
	tb.t.Helper()
	deadline := time.Now().Add(resultWait)
	for {
		text, err := eval[string](tb, visibleTextJS)
		if err == nil && !slices.ContainsFunc(want, func(w string) bool { return !strings.Contains(text, w) }) {
			tb.t.Logf("query %q: the results area says %q", q, text)
			return text
		}
		if time.Now().After(deadline) {
			state, _ := eval[string](tb, stateJS)
			tb.t.Fatalf("query %q: the results area does not visibly say %q within %v; it says %q; page state: %s", q, want, resultWait, text, state)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// checkAnnounced checks that the live status says want.
func (tb *tab) checkAnnounced(want string) {
	tb.t.Helper()
	status, _ := eval[string](tb, `(document.querySelector('#search-status') || {}).textContent || ''`)
	if !strings.Contains(status, want) {
		tb.t.Errorf("#search-status says %q; want it to announce %q", status, want)
	}
}

// retype empties the search box with Escape and types q into it.
func (tb *tab) retype(q string) {
	tb.t.Helper()
	if err := tb.do(5*time.Second, chromedp.Focus(chromedp.CSS("#search-input"))); err != nil {
		tb.t.Fatal(err)
	}
	if err := tb.press(keyEscape); err != nil {
		tb.t.Fatal(err)
	}
	if err := tb.do(5*time.Second, chromedp.SendKeys(chromedp.CSS("#search-input"), q)); err != nil {
		tb.t.Fatalf("typing %q into #search-input: %v", q, err)
	}
}

// navigate opens the absolute URL u and waits for the page to load.
func (tb *tab) navigate(u string) {
	tb.t.Helper()
	if err := tb.do(15*time.Second, chromedp.Navigate(u)); err != nil {
		tb.t.Fatalf("opening %s: %v", u, err)
	}
}

// outage serves the built site, as the shared server does, at an address
// of its own, where the requests whose path starts with a given prefix
// fail: with a dropped connection (a network error) or with 503.
type outage struct {
	*httptest.Server
	mu     sync.Mutex
	prefix string // "" when nothing fails
	drop   bool
	failed int
}

// startOutage starts an outage server, with nothing failing yet; the test
// closes it.
func (e *env) startOutage(t *testing.T) *outage {
	t.Helper()
	h, err := e.handler()
	if err != nil {
		t.Fatal(err)
	}
	o := &outage{}
	o.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		o.mu.Lock()
		fail := o.prefix != "" && strings.HasPrefix(r.URL.Path, o.prefix)
		drop := o.drop
		if fail {
			o.failed++
		}
		o.mu.Unlock()
		switch {
		case fail && drop:
			if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
				conn.Close()
				return
			}
			fallthrough
		case fail:
			http.Error(w, "unavailable", http.StatusServiceUnavailable)
		default:
			h.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(o.Close)
	return o
}

// fail makes the requests under prefix fail (none for ""); drop: by
// closing the connection, else with 503.
func (o *outage) fail(prefix string, drop bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.prefix, o.drop = prefix, drop
}

// failures is how many requests have failed so far.
func (o *outage) failures() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.failed
}
