package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestSearchPopupFocus: the results popup under the header's box covers
// the top of the page (the breadcrumb, the title). A keyboard user who
// tabs past the search form must see what has focus (WCAG 2.4.11), so the
// popup closes when focus leaves the form, and on Escape from the form's
// button; focus back in the box, which still holds the query, opens it
// again.
func TestSearchPopupFocus(t *testing.T) {
	e := setup(t)
	tb := e.newTab(t, true)
	// A phone's width: the popup spans the page, over the breadcrumb.
	if err := tb.do(5*time.Second, chromedp.EmulateViewport(360, 740)); err != nil {
		t.Fatalf("emulating a phone's width: %v", err)
	}
	tb.open(seedURL)
	const q = "server"
	if err := tb.do(5*time.Second, chromedp.SendKeys(chromedp.CSS("#search-input"), q)); err != nil {
		t.Fatalf("typing %q into #search-input on %s: %v", q, seedURL, err)
	}
	tb.waitResults(q)
	if !tb.popupOpen() {
		t.Fatalf("typing %q on %s: the results popup is not shown", q, seedURL)
	}

	// Escape on the form's button (one Tab from the box) closes it.
	if err := tb.press(keyTab); err != nil {
		t.Fatal(err)
	}
	if tag, _ := eval[string](tb, `document.activeElement.closest('form[role=search]') ? document.activeElement.tagName : ''`); tag != "BUTTON" {
		t.Fatalf("one Tab from #search-input focused %q; want the form's BUTTON", tag)
	}
	if err := tb.press(keyEscape); err != nil {
		t.Fatal(err)
	}
	if tb.popupOpen() {
		t.Errorf("Escape on the search button left the results popup open")
	}

	// Back in the box: the popup shows the query's results again.
	if err := tb.do(5*time.Second, chromedp.Focus(chromedp.CSS("#search-input"))); err != nil {
		t.Fatal(err)
	}
	if !tb.popupOpen() {
		t.Errorf("focusing #search-input, which holds %q, did not show its results again", q)
	}

	// Tab out of the form: the popup closes, and nothing covers the focus.
	for range 5 {
		if err := tb.press(keyTab); err != nil {
			t.Fatal(err)
		}
		if out, _ := eval[bool](tb, `!document.activeElement.closest('form[role=search]')`); out {
			break
		}
	}
	type focused struct {
		Name    string `json:"name"`
		Covered string `json:"covered"`
	}
	f, err := eval[focused](tb, `(() => {
		const el = document.activeElement;
		const r = el.getClientRects()[0] || el.getBoundingClientRect();
		const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
		const covered = top && top !== el && !el.contains(top) ? top.tagName + '.' + top.className : '';
		return {name: el.tagName + ' ' + (el.textContent || '').trim().slice(0, 40), covered};
	})()`)
	if err != nil {
		t.Fatal(err)
	}
	if f.Covered != "" {
		t.Errorf("tabbing out of the search form to %q: it is covered by %s", f.Name, f.Covered)
	}
	if tb.popupOpen() {
		t.Errorf("tabbing out of the search form to %q left the results popup open", f.Name)
	}
	if exp, _ := eval[string](tb, `document.querySelector('#search-input').getAttribute('aria-expanded')`); exp != "false" {
		t.Errorf("with the popup closed, #search-input has aria-expanded=%q; want \"false\"", exp)
	}
}

// popupOpen reports whether the header's results popup is shown, once the
// page has handled the last event.
func (tb *tab) popupOpen() bool {
	tb.t.Helper()
	var open bool
	for range 5 {
		var err error
		open, err = eval[bool](tb, `(() => { const p = document.querySelector('.search-popup'); return !!p && !p.hidden && p.getClientRects().length > 0; })()`)
		if err != nil {
			tb.t.Fatal(err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return open
}
