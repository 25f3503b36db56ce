package e2e

import (
	"strings"
	"testing"
)

// TestSearchPageSaysWhyWithoutJS: without JavaScript the search box cannot
// search, and the header's form lands on /search/ with the reader's query
// gone. The page says so, and where to find the message instead; with
// JavaScript on, the note is not there.
func TestSearchPageSaysWhyWithoutJS(t *testing.T) {
	e := setup(t)
	const visibleJS = `(() => { const n = document.querySelector('.search-nojs'); return n && n.getClientRects().length ? n.textContent : ''; })()`

	off := e.newTab(t, false)
	off.open("/search/?q=0x800CCC0E")
	got, err := eval[string](off, visibleJS)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"JavaScript", "A–Z"} {
		if !strings.Contains(got, want) {
			t.Errorf("with JavaScript off, /search/?q=0x800CCC0E shows the note %q; want it to mention %q", got, want)
		}
	}

	// Nor does it offer the "/" shortcut, which needs JavaScript.
	shortcut, err := eval[string](off, `document.querySelector('#search-hint').innerText + (document.querySelector('.slash-setting').getClientRects().length ? ' [setting shown]' : '')`)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(shortcut, "/") {
		t.Errorf("with JavaScript off, /search/ offers the / shortcut: %q", shortcut)
	}

	on := e.newTab(t, true)
	on.open("/search/")
	if got, err := eval[string](on, visibleJS); err != nil || got != "" {
		t.Errorf("with JavaScript on, /search/ shows the note %q (%v); want none", got, err)
	}
}
