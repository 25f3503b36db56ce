package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"kbgen/generator/kb"
)

// The seed article's first fix, and the step the deep-link tests use.
const (
	seedFix   = "accept-certificate"
	seedStep2 = "accept-certificate-step-2"
)

var keyTab = key{"Tab", "Tab", "", 9}

// clipboardWait bounds the wait for a click to reach the clipboard (the
// page's copy is asynchronous).
const clipboardWait = 5 * time.Second

// TestArticle checks what article.js and the article's CSS do in a real
// browser: the copy links (plain links without JavaScript) and the
// copy-as-reply buttons (what they copy read back from the clipboard, what
// they show, and what they show when the browser refuses), the highlighted
// deep link, the "Did this fix it?" forms with JavaScript on and off
// against the server's stub of Netlify Forms (without JavaScript, back on
// the article at the answer's note), the way to the fixes on a phone, and
// the print style sheet.
// The subtests share the browser's one clipboard and its permissions, so
// none runs in parallel.
func TestArticle(t *testing.T) {
	e := setup(t)

	t.Run("copy-link-no-js", func(t *testing.T) {
		tb := e.newTab(t, false)
		tb.open(seedURL)
		tb.checkCopyLinks()

		// A plain link: following it goes to the anchor (and a long press
		// or a right-click copies it, as for any link).
		sel := "#" + seedStep2 + " > .copy-link"
		if err := tb.do(5*time.Second, chromedp.Click(chromedp.CSS(sel))); err != nil {
			t.Fatalf("clicking %s: %v", sel, err)
		}
		want := seedURL + "#" + seedStep2
		if loc := tb.waitLocation(want); loc != want {
			t.Errorf("with JavaScript off, clicking %s went to %s; want %s", sel, loc, want)
		}
	})

	t.Run("copy-link", func(t *testing.T) {
		tb := e.newClipboardTab(t)
		// A query string (a campaign tag, a search) is not part of the
		// address to share: the canonical URL is.
		page := seedURL + "?utm_source=e2e"
		tb.open(page)
		tb.waitScript()
		tb.checkCopyLinks()

		canonical, err := eval[string](tb, `(document.querySelector('link[rel="canonical"]') || {}).href || ''`)
		if err != nil {
			t.Fatal(err)
		}
		if canonical != e.base+seedURL {
			t.Fatalf("%s has <link rel=canonical href=%q>; want %s", seedURL, canonical, e.base+seedURL)
		}
		sel := "#" + seedStep2 + " > .copy-link"
		want := canonical + "#" + seedStep2
		got := tb.copyBy("clicking "+sel, func() error {
			return tb.do(5*time.Second, chromedp.Click(chromedp.CSS(sel)))
		})
		if got != want {
			t.Errorf("clicking %s on %s copied %q; want %q (the canonical URL and the anchor)", sel, page, got, want)
		}
		tb.waitFeedback(sel, "Link copied", false)
		tb.waitStatus("Link copied")
		if loc, _ := tb.location(); loc != page {
			t.Errorf("copying a link changed the page's URL from %s to %s", page, loc)
		}
	})

	t.Run("copy-link-keyboard", func(t *testing.T) {
		tb := e.newClipboardTab(t)
		tb.open(seedURL)
		tb.waitScript()
		anchor := tb.tabToCopyLink()
		if anchor == "" {
			return
		}
		want := e.base + seedURL + "#" + anchor
		got := tb.copyBy("pressing Enter on the copy-link of #"+anchor, func() error { return tb.press(keyEnter) })
		if got != want {
			t.Errorf("pressing Enter on the focused copy-link of #%s copied %q; want %q", anchor, got, want)
		}
		tb.waitStatus("Link copied")
		if loc, _ := tb.location(); loc != seedURL {
			t.Errorf("copying a link from the keyboard changed the page's URL to %s", loc)
		}
	})

	t.Run("copy-denied", func(t *testing.T) {
		tb := e.newClipboardTab(t)
		tb.open(seedURL)
		tb.waitScript()
		tb.putSentinel()
		tb.setClipboardWrite(t, browser.PermissionSettingDenied)

		// The link: a visible failure next to it, and the link is
		// followed after all, so the address bar shows it.
		sel := "#" + seedStep2 + " > .copy-link"
		if err := tb.do(5*time.Second, chromedp.Click(chromedp.CSS(sel))); err != nil {
			t.Fatalf("clicking %s: %v", sel, err)
		}
		const linkFailed = "Couldn't copy: long-press or right-click the link to copy it"
		tb.waitFeedback(sel, linkFailed, true)
		tb.waitStatus(linkFailed)
		want := seedURL + "#" + seedStep2
		if loc := tb.waitLocation(want); loc != want {
			t.Errorf("after a copy that failed the page is %s; want %s (the link followed)", loc, want)
		}
		if got, err := tb.readClipboard(); err != nil || got != clipboardSentinel {
			t.Errorf("the clipboard holds %q (%v) after a copy the browser refused; want it unchanged, %q", got, err, clipboardSentinel)
		}

		// A reply: the same, next to its button.
		sel = "#" + seedFix + " .copy-reply"
		if err := tb.do(5*time.Second, chromedp.Click(chromedp.CSS(sel))); err != nil {
			t.Fatalf("clicking %s: %v", sel, err)
		}
		const replyFailed = "Couldn't copy the reply: your browser did not allow it"
		tb.waitFeedback(sel, replyFailed, true)
		tb.waitStatus(replyFailed)
		if n, _ := eval[int](tb, `document.querySelectorAll('.copy-feedback').length`); n != 1 {
			t.Errorf("%d .copy-feedback messages on the page; want 1, next to the last control used", n)
		}
	})

	t.Run("copy-reply", func(t *testing.T) {
		tb := e.newClipboardTab(t)
		tb.open(seedURL)
		tb.waitScript()

		sel := "#" + seedFix + " .copy-reply"
		reply := tb.copyBy("clicking "+sel, func() error {
			return tb.do(5*time.Second, chromedp.Click(chromedp.CSS(sel)))
		})
		t.Logf("the reply of fix %s:\n%s", seedFix, reply)
		if want := "Cannot verify server identity (iOS Mail)"; !strings.HasPrefix(reply, want) {
			t.Errorf("the fix's reply starts %q; want it to start with %q", firstLine(reply), want)
		}
		fixURL := e.base + seedURL + "#" + seedFix
		for _, want := range []string{"1. When the", fixURL} {
			if !strings.Contains(reply, want) {
				t.Errorf("the fix's reply does not contain %q", want)
			}
		}
		checkPlain(t, "the fix's reply", reply)
		tb.waitFeedback(sel, "Reply copied", false)
		tb.waitStatus("Reply copied")
		// For a ticket editor that takes rich text: the same text, its
		// lines and spaces kept, each address a link.
		html := tb.pastedHTML()
		if !slices.Equal(html.Links, []string{fixURL + " " + fixURL}) || !strings.Contains(html.Text, "1. When the") || html.Lines < 5 {
			t.Errorf("the fix's reply as HTML: %d lines, text %q, links %q; want its lines, its text and the fix's address linked", html.Lines, html.Text, html.Links)
		}
		// An address in quotes or angle brackets, and one with a query:
		// found as written, each piece escaped apart (found in the escaped
		// line, an address before a quote took "&quot" into its link).
		// The runs of spaces of a settings line are kept (&nbsp;).
		const odd = `Server: "https://mail.example.com"; see <https://x.test/a>, https://e.test/?a=1&b=2.` + "\n  Port     = 465"
		if _, err := eval[bool](tb, `(document.querySelector(`+jsString(sel)+`).dataset.reply = `+jsString(odd)+`, true)`); err != nil {
			t.Fatal(err)
		}
		tb.copyBy("clicking "+sel+" again", func() error { return tb.do(5*time.Second, chromedp.Click(chromedp.CSS(sel))) })
		got := tb.pastedHTML()
		want := []string{"https://mail.example.com https://mail.example.com", "https://x.test/a https://x.test/a", "https://e.test/?a=1&b=2 https://e.test/?a=1&b=2"}
		for i := range want { // the browser may add a slash to a bare host
			if i < len(got.Links) {
				got.Links[i] = strings.Replace(got.Links[i], "https://mail.example.com/", "https://mail.example.com", 1)
			}
		}
		if strings.ReplaceAll(got.Text, "\u00a0", " ") != odd || got.Lines != 2 || !slices.Equal(got.Links, want) {
			t.Errorf("a reply with odd addresses pastes as %q with links %q; want %q with links %q", got.Text, got.Links, odd, want)
		}

		sel = ".quick-answer .copy-reply"
		reply = tb.copyBy("clicking "+sel, func() error {
			return tb.do(5*time.Second, chromedp.Click(chromedp.CSS(sel)))
		})
		txt := e.get(t, seedURL+"reply.txt")
		if reply != txt {
			why := ""
			if strings.TrimSpace(reply) == strings.TrimSpace(txt) {
				why = " (they differ only in leading or trailing white space)"
			}
			t.Errorf("%s copied a reply that is not %sreply.txt%s:\ncopied:\n%s\nreply.txt:\n%s", sel, seedURL, why, reply, txt)
		}
		checkPlain(t, "the article's reply", reply)
		tb.waitFeedback(sel, "Reply copied", false)
		tb.waitStatus("Reply copied")
	})

	t.Run("deep-link", func(t *testing.T) {
		tb := e.newTab(t, true)
		tb.open(seedURL + "#" + seedStep2)
		st, err := eval[targetState](tb, `(() => {
			const el = document.getElementById('`+seedStep2+`');
			if (!el) return {problem: 'no #`+seedStep2+`'};
			const next = el.nextElementSibling;
			const r = el.getBoundingClientRect();
			return {
				target: el.matches(':target'),
				bg: getComputedStyle(el).backgroundColor,
				nextID: next ? next.id : '',
				nextBG: next ? getComputedStyle(next).backgroundColor : '',
				top: r.top, viewport: innerHeight,
			};
		})()`)
		if err != nil {
			t.Fatal(err)
		}
		if st.Problem != "" {
			t.Fatal(st.Problem)
		}
		t.Logf("#%s: background %s; #%s: background %s; top at %.0f px of %d", seedStep2, st.BG, st.NextID, st.NextBG, st.Top, st.Viewport)
		if !st.Target {
			t.Errorf("#%s does not match :target after opening %s#%s", seedStep2, seedURL, seedStep2)
		}
		if st.NextID == "" {
			t.Fatalf("#%s has no next step to compare with", seedStep2)
		}
		if st.BG == st.NextBG {
			t.Errorf("the :target step #%s has the background of the next step #%s (%s); want it highlighted", seedStep2, st.NextID, st.BG)
		}
		if st.BG == "rgba(0, 0, 0, 0)" || st.BG == "transparent" {
			t.Errorf("the :target step #%s has no background (%s); want it highlighted", seedStep2, st.BG)
		}
		if st.Top < 0 || st.Top >= float64(st.Viewport) {
			t.Errorf("the :target step #%s is not in view: its top is at %.0f px, the viewport is %d px high", seedStep2, st.Top, st.Viewport)
		}
	})

	// A link from an old ticket whose anchor is gone lands on what held
	// it: a step's on its fix, a question's on the questions; an anchor
	// of nothing the page ever had is left alone.
	t.Run("gone-anchor", func(t *testing.T) {
		tb := e.newTab(t, true)
		for _, c := range []struct{ from, to, inView string }{
			{"#" + seedFix + "-step-99", "#" + seedFix, "#" + seedFix},
			{"#faq-a-question-reworded-since", "#faq", "#faq"},
			{"#no-such-thing", "#no-such-thing", ""},
			{"#%E0%A4%A", "#%E0%A4%A", ""}, // not decodable: left alone, and the script goes on
		} {
			tb.open(seedURL + c.from)
			tb.waitScript()
			if got := tb.waitLocation(seedURL + c.to); got != seedURL+c.to {
				t.Errorf("opening %s%s went to %s; want %s%s", seedURL, c.from, got, seedURL, c.to)
			}
			if c.inView != "" {
				tb.checkInView(c.inView)
			}
		}
		// A link followed within the page (hashchange), too.
		if _, err := eval[bool](tb, `(location.hash = '#`+seedFix+`-step-42', true)`); err != nil {
			t.Fatal(err)
		}
		if got := tb.waitLocation(seedURL + "#" + seedFix); got != seedURL+"#"+seedFix {
			t.Errorf("following #%s-step-42 within the page went to %s; want #%s", seedFix, got, seedFix)
		}
	})

	t.Run("feedback-js", func(t *testing.T) {
		tb := e.newTab(t, true)
		tb.open(seedURL)
		tb.waitScript()
		// A navigation would start a new window object, without this mark.
		if _, err := eval[bool](tb, `window.__e2eStay = true`); err != nil {
			t.Fatal(err)
		}
		n := e.postCount()
		sel := "#" + seedFix + ` form.feedback button[value="no"]`
		if err := tb.do(5*time.Second, chromedp.Click(chromedp.CSS(sel))); err != nil {
			t.Fatalf("clicking %s: %v", sel, err)
		}
		var done feedbackDone
		for range 50 {
			done, _ = eval[feedbackDone](tb, `(() => {
				const fix = document.getElementById('`+seedFix+`');
				const p = fix.querySelector('.feedback-done');
				return {form: !!fix.querySelector('form.feedback'), text: p ? p.textContent.trim() : '', role: p ? p.getAttribute('role') || '' : ''};
			})()`)
			if !done.Form && done.Text != "" {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		switch {
		case done.Form:
			t.Errorf("after clicking No the form of fix %s is still there", seedFix)
		case done.Text == "":
			t.Errorf("after clicking No, fix %s shows no .feedback-done paragraph", seedFix)
		default:
			t.Logf("after No: %q (role=%s)", done.Text, done.Role)
			if !strings.Contains(strings.ToLower(done.Text), "thank") {
				t.Errorf("after clicking No the status says %q; want it to thank the reader", done.Text)
			}
			if done.Role != "status" {
				t.Errorf(".feedback-done has role=%q; want status (announced to screen readers)", done.Role)
			}
		}
		stayed, err := eval[bool](tb, `window.__e2eStay === true`)
		if loc, _ := tb.location(); err != nil || !stayed || loc != seedURL {
			t.Errorf("answering with JavaScript on navigated: the page is %s now; want it to stay on %s", loc, seedURL)
		}
		posts := e.postsSince(n)
		if len(posts) != 1 {
			t.Fatalf("the server received %d POSTs after clicking No; want 1: %+v", len(posts), posts)
		}
		p := posts[0]
		t.Logf("POST %s (%s): %s", p.Path, p.ContentType, p.Body)
		if p.Path != "/" {
			t.Errorf("the answer was posted to %s; want / (Netlify Forms)", p.Path)
		}
		checkFeedback(t, p, "no")

		// The support email now lists the fix as tried.
		href, err := eval[string](tb, `(document.querySelector('a.escalate') || {}).href || ''`)
		if err != nil || href == "" {
			t.Fatalf("no a.escalate on %s (%v)", seedURL, err)
		}
		u, err := url.Parse(href)
		if err != nil || u.Scheme != "mailto" {
			t.Fatalf("a.escalate href = %q; want a mailto: URL (%v)", href, err)
		}
		body := u.Query().Get("body")
		t.Logf("the support email's body:\n%s", body)
		if !strings.Contains(body, "Fix 1") {
			t.Errorf("after answering No for Fix 1 the support email's body does not name it:\n%s", body)
		}
	})

	// Without JavaScript the answer is posted to the article, which the
	// server (as Netlify Forms) serves at the note of the answer: the
	// reader is back on the fix, thanked, and after No one tap from the
	// next fix.
	t.Run("feedback-no-js", func(t *testing.T) {
		tb := e.newTab(t, false)
		tb.open(seedURL)
		tb.answerNoJS("yes")
		note := tb.checkAnswered("yes")
		if !strings.HasPrefix(note.Text, "Thank you") || !strings.Contains(note.Text, "worked") {
			t.Errorf("after Yes the note says %q; want a thank-you that it worked", note.Text)
		}
	})

	t.Run("feedback-no-js-no", func(t *testing.T) {
		tb := e.newTab(t, false)
		tb.open(seedURL)
		tb.answerNoJS("no")
		note := tb.checkAnswered("no")
		const next = "#verify-account-settings"
		if !strings.HasPrefix(note.Text, "Thank you") || note.Link != next || !strings.Contains(note.Text, "Try the next fix: Fix 2:") {
			t.Fatalf("after No the note says %q, linking to %q; want a thank-you and \"Try the next fix: Fix 2: …\" linking to %s", note.Text, note.Link, next)
		}
		sel := "#" + kb.AnswerID(seedFix, "no") + " a"
		if err := tb.do(5*time.Second, chromedp.Click(chromedp.CSS(sel))); err != nil {
			t.Fatalf("clicking %s: %v", sel, err)
		}
		if loc := tb.waitLocation(seedURL + next); loc != seedURL+next {
			t.Errorf("the note's link went to %s; want %s", loc, seedURL+next)
		}
		tb.checkInView(next)
	})

	// On a phone, every fix is one tap from the top: the table of contents
	// lists them, its Fix 1 is on the first screen, and the Quick Answer
	// ends with a link to Fix 1.
	t.Run("phone", func(t *testing.T) {
		tb := e.newTab(t, true)
		if err := tb.do(5*time.Second, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(3), chromedp.EmulateMobile)); err != nil {
			t.Fatalf("emulating a phone: %v", err)
		}
		tb.open(seedURL)
		tb.waitScript()
		type layout struct {
			Fixes      []string `json:"fixes"` // the TOC's fix links
			TocFix1    float64  `json:"tocFix1"`
			FirstFix   float64  `json:"firstFix"`
			Fix1       float64  `json:"fix1"`
			Height     float64  `json:"height"`
			Width      float64  `json:"width"`
			ScrollWide float64  `json:"scrollWide"`
		}
		l, err := eval[layout](tb, `(() => {
			const bottom = (sel) => { const el = document.querySelector(sel); return el ? el.getBoundingClientRect().bottom + scrollY : -1; };
			return {
				fixes: Array.from(document.querySelectorAll('nav.toc ol ol a'), a => a.getAttribute('href')),
				tocFix1: bottom('nav.toc a[href="#`+seedFix+`"]'), firstFix: bottom('.quick-answer .first-fix a'),
				fix1: document.getElementById('`+seedFix+`').getBoundingClientRect().top + scrollY,
				height: innerHeight, width: innerWidth, scrollWide: document.documentElement.scrollWidth,
			};
		})()`)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("390×844: the TOC's Fix 1 ends at %.2f screens, the Quick Answer's link at %.2f; Fix 1 starts at %.2f screens",
			l.TocFix1/l.Height, l.FirstFix/l.Height, l.Fix1/l.Height)
		if len(l.Fixes) != 6 {
			t.Errorf("the TOC lists %d fixes (%v); want the seed's 6", len(l.Fixes), l.Fixes)
		}
		if l.TocFix1 < 0 || l.TocFix1 > l.Height {
			t.Errorf("on a phone the TOC's link to Fix 1 ends %.0f px down; want it on the first screen (%.0f px)", l.TocFix1, l.Height)
		}
		if l.FirstFix < 0 || l.FirstFix > 2*l.Height {
			t.Errorf("on a phone the Quick Answer's link to Fix 1 ends %.0f px down; want it within two screens (%.0f px)", l.FirstFix, 2*l.Height)
		}
		if l.ScrollWide > l.Width {
			t.Errorf("on a phone the page is %.0f px wide for a %.0f px screen: it scrolls sideways", l.ScrollWide, l.Width)
		}
		for _, sel := range []string{`nav.toc a[href="#` + seedFix + `"]`, ".quick-answer .first-fix a"} {
			tb.open(seedURL)
			if err := tb.do(5*time.Second, chromedp.Click(chromedp.CSS(sel))); err != nil {
				t.Fatalf("tapping %s: %v", sel, err)
			}
			if loc := tb.waitLocation(seedURL + "#" + seedFix); loc != seedURL+"#"+seedFix {
				t.Errorf("tapping %s went to %s; want %s", sel, loc, seedURL+"#"+seedFix)
			}
			tb.checkInView("#" + seedFix)
		}
	})

	t.Run("print", func(t *testing.T) {
		tb := e.newTab(t, true)
		tb.open(seedURL)
		tb.waitScript()
		// What print must hide: on screen, each is shown (JavaScript has
		// unhidden the copy buttons).
		hidden := []string{
			".site-header", `form[role="search"]`, ".breadcrumb", ".toc", ".first-fix", ".site-footer",
			".copy-link", ".copy-reply", "form.feedback", ".escalation .button", ".related",
		}
		// What print must keep.
		shown := []string{"h1", "#" + seedStep2, ".steps"}

		all := append(append(hidden, shown...), ".print-only")
		screen, err := eval[map[string]displayInfo](tb, displayJS(all))
		if err != nil {
			t.Fatal(err)
		}
		for _, sel := range append(hidden, shown...) {
			if d := screen[sel]; d.Count == 0 || d.Shown != d.Count {
				t.Errorf("on screen, %d of the %d elements %s are shown; want all (and at least one)", d.Shown, d.Count, sel)
			}
		}
		tb.emulatePrint()
		printed, err := eval[map[string]displayInfo](tb, displayJS(all))
		if err != nil {
			t.Fatal(err)
		}
		for _, sel := range hidden {
			d := printed[sel]
			if d.Shown > 0 {
				t.Errorf("in print, %d of the %d elements %s are displayed; want none (display: none)", d.Shown, d.Count, sel)
			} else {
				t.Logf("in print, %s (%d): not displayed (%s)", sel, d.Count, d.Why)
			}
		}
		for _, sel := range shown {
			if d := printed[sel]; d.Count == 0 || d.Shown != d.Count {
				t.Errorf("in print, %d of the %d elements %s are displayed; want all", d.Shown, d.Count, sel)
			}
		}
		// On paper only: the page's address and the support contact,
		// whose button print hides.
		if d := screen[".print-only"]; d.Count < 2 || d.Shown != 0 {
			t.Errorf("on screen, %d of the %d .print-only elements are shown; want none of at least 2", d.Shown, d.Count)
		}
		if d := printed[".print-only"]; d.Count < 2 || d.Shown != d.Count {
			t.Errorf("in print, %d of the %d .print-only elements are displayed; want all (at least 2)", d.Shown, d.Count)
		}

		// External links show their URL.
		checked := tb.checkPrintedURLs(seedURL)
		if !checked {
			t.Logf("%s has no <a href^=http>: the printed-URL rule is checked on %s instead", seedURL, chromeCert)
			tb.open(chromeCert)
			tb.emulatePrint()
			if !tb.checkPrintedURLs(chromeCert) {
				t.Logf("%s has no <a href^=http> either: the printed-URL rule is not checked", chromeCert)
			}
		}
	})
}

// newClipboardTab opens a tab whose pages may read and write the
// clipboard.
func (e *env) newClipboardTab(t *testing.T) *tab {
	t.Helper()
	tb := e.newTab(t, true)
	for _, name := range []string{"clipboard-read", "clipboard-write"} {
		if err := tb.setPermission(name, browser.PermissionSettingGranted); err != nil {
			t.Fatal(err)
		}
	}
	return tb
}

// setPermission sets a permission of the site's origin, for every tab.
func (tb *tab) setPermission(name string, setting browser.PermissionSetting) error {
	err := tb.call(5*time.Second, func(ctx context.Context) error {
		_, err := chromedp.CallBrowser(ctx, browser.SetPermission, browser.SetPermissionParams{
			Permission: &browser.PermissionDescriptor{Name: name},
			Setting:    setting,
			Origin:     tb.env.base,
		})
		return err
	})
	if err != nil {
		return fmt.Errorf("setting %s to %s for %s: %v", name, setting, tb.env.base, err)
	}
	return nil
}

// setClipboardWrite sets the clipboard-write permission of the site's
// origin until the test ends, when it is granted again (as newClipboardTab
// leaves it).
func (tb *tab) setClipboardWrite(t *testing.T, setting browser.PermissionSetting) {
	t.Helper()
	if err := tb.setPermission("clipboard-write", setting); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := tb.setPermission("clipboard-write", browser.PermissionSettingGranted); err != nil {
			t.Error(err)
		}
	})
}

// waitScript waits until article.js has run: it unhides the copy-reply
// buttons (the copy links are shown without it).
func (tb *tab) waitScript() {
	tb.t.Helper()
	const js = `document.querySelectorAll('.copy-reply').length > 0 && document.querySelectorAll('.copy-reply[hidden]').length === 0`
	for range 50 {
		if ok, _ := eval[bool](tb, js); ok {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	n, _ := eval[int](tb, `document.querySelectorAll('.copy-reply[hidden]').length`)
	tb.t.Fatalf("article.js did not run within 5 s: %d copy-reply buttons still hidden", n)
}

// userGesture makes an evaluation count as the user's action.
func userGesture(p *runtime.EvaluateParams) { p.UserGesture = new(true) }

// clipboardSentinel is put on the clipboard before each copy, so that a copy
// that does not happen cannot pass for the previous one.
const clipboardSentinel = "(e2e: nothing copied yet)"

// readClipboard returns the text on the clipboard.
func (tb *tab) readClipboard() (string, error) {
	ctx, cancel := tb.bound(5 * time.Second)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[string](`navigator.clipboard.readText()`, chromedp.EvalAwaitPromise, userGesture))
}

// putSentinel puts the sentinel on the clipboard and reads it back.
func (tb *tab) putSentinel() {
	tb.t.Helper()
	ctx, cancel := tb.bound(5 * time.Second)
	_, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`navigator.clipboard.writeText(`+jsString(clipboardSentinel)+`)`, chromedp.EvalAwaitPromise, userGesture))
	cancel()
	if err != nil {
		tb.t.Fatalf("writing to the clipboard: %v", err)
	}
	if got, err := tb.readClipboard(); err != nil || got != clipboardSentinel {
		tb.t.Fatalf("reading the clipboard back: %q, %v", got, err)
	}
}

// copyBy puts the sentinel on the clipboard, runs act (a click or a key
// that copies) and returns what it copied. It fails the test when nothing
// was.
func (tb *tab) copyBy(what string, act func() error) string {
	tb.t.Helper()
	tb.putSentinel()
	if err := act(); err != nil {
		tb.t.Fatalf("%s: %v", what, err)
	}
	deadline := time.Now().Add(clipboardWait)
	for {
		got, err := tb.readClipboard()
		if err == nil && got != clipboardSentinel {
			return got
		}
		if time.Now().After(deadline) {
			status, _ := eval[string](tb, `document.getElementById('copy-status').textContent`)
			tb.t.Fatalf("%s put nothing on the clipboard within %v (read: %v; #copy-status says %q)", what, clipboardWait, err, status)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// pasted is what a rich-text editor gets of the clipboard's HTML: its
// text, its lines (<br>) and its links ("text href").
type pasted struct {
	Text  string   `json:"text"`
	Lines int      `json:"lines"`
	Links []string `json:"links"`
}

// pastedHTML reads the clipboard's text/html, parsed as a page parses it.
func (tb *tab) pastedHTML() pasted {
	tb.t.Helper()
	ctx, cancel := tb.bound(5 * time.Second)
	defer cancel()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[pasted](`(async () => {
		for (const item of await navigator.clipboard.read()) {
			if (!item.types.includes('text/html')) continue;
			const doc = new DOMParser().parseFromString(await (await item.getType('text/html')).text(), 'text/html');
			return {text: doc.body.textContent, lines: doc.querySelectorAll('br').length + 1,
				links: [...doc.querySelectorAll('a')].map((a) => a.textContent + ' ' + a.getAttribute('href'))};
		}
		return {text: '', lines: 0, links: []};
	})()`, chromedp.EvalAwaitPromise, userGesture))
	if err != nil {
		tb.t.Fatalf("reading the clipboard's HTML: %v", err)
	}
	return got
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s) // JSON strings are JavaScript strings
	return string(b)
}

// waitStatus waits until the live region #copy-status says want.
func (tb *tab) waitStatus(want string) {
	tb.t.Helper()
	var got string
	for range 30 {
		got, _ = eval[string](tb, `document.getElementById('copy-status').textContent.trim()`)
		if got == want {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if got != want {
		tb.t.Errorf("#copy-status says %q; want %q", got, want)
		return
	}
	a, err := tb.attrs("#copy-status")
	if err != nil {
		tb.t.Error(err)
	} else if a["role"] != "status" && a["aria-live"] == "" {
		tb.t.Errorf("#copy-status has neither role=status nor aria-live: screen readers do not announce %q", want)
	}
}

// waitFeedback waits until the element right after the control sel is a
// shown .copy-feedback saying want (a failure, marked .copy-failed, when
// failed): what a sighted reader sees next to what they clicked.
func (tb *tab) waitFeedback(sel, want string, failed bool) {
	tb.t.Helper()
	var f feedbackInfo
	var err error
	for range 30 {
		f, err = eval[feedbackInfo](tb, `(() => {
			const c = document.querySelector(`+jsString(sel)+`);
			const n = c && c.nextElementSibling;
			if (!n || !n.classList.contains('copy-feedback')) return {};
			const r = n.getBoundingClientRect();
			return {found: true, text: n.textContent.trim(), failed: n.classList.contains('copy-failed'),
				shown: r.width > 1 && r.height > 1 && getComputedStyle(n).visibility === 'visible'};
		})()`)
		if err == nil && f.Found && f.Text == want {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	switch {
	case err != nil:
		tb.t.Errorf("reading the feedback next to %s: %v", sel, err)
	case !f.Found:
		tb.t.Errorf("no .copy-feedback right after %s; want one saying %q", sel, want)
	case f.Text != want:
		tb.t.Errorf("the feedback next to %s says %q; want %q", sel, f.Text, want)
	case !f.Shown:
		tb.t.Errorf("the feedback next to %s (%q) is not visible", sel, f.Text)
	case f.Failed != failed:
		tb.t.Errorf("the feedback next to %s (%q) has .copy-failed %v; want %v", sel, f.Text, f.Failed, failed)
	default:
		tb.t.Logf("next to %s: %q", sel, f.Text)
	}
}

// feedbackInfo is what waitFeedback reads.
type feedbackInfo struct {
	Found  bool   `json:"found"`
	Text   string `json:"text"`
	Failed bool   `json:"failed"`
	Shown  bool   `json:"shown"`
}

// waitLocation waits, for a few seconds, until the page's URL (without
// the server's address) is want, and returns the last one it read.
func (tb *tab) waitLocation(want string) string {
	var loc string
	for range 30 {
		if loc, _ = tb.location(); loc == want {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	return loc
}

// tabToCopyLink presses Tab until a .copy-link has the focus and returns
// its anchor; the focus must be visible. It fails the test when no
// copy-link is reached within 200 presses.
func (tb *tab) tabToCopyLink() string {
	tb.t.Helper()
	type focused struct {
		Copy    bool   `json:"copy"`
		Anchor  string `json:"anchor"`
		Tag     string `json:"tag"`
		Visible bool   `json:"visible"`
		What    string `json:"what"`
	}
	var path []string
	for range 200 {
		if err := tb.press(keyTab); err != nil {
			tb.t.Fatal(err)
		}
		f, err := eval[focused](tb, `(() => {
			const el = document.activeElement;
			if (!el) return {what: '(none)'};
			return {copy: el.classList.contains('copy-link'), anchor: (el.getAttribute('href') || '').replace(/^#/, ''), tag: el.tagName,
				visible: el.matches(':focus-visible'), what: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className ? '.' + el.className.split(' ').join('.') : '')};
		})()`)
		if err != nil {
			tb.t.Fatal(err)
		}
		path = append(path, f.What)
		if f.Copy {
			tb.t.Logf("Tab reached the copy-link of #%s (%d presses from %s)", f.Anchor, len(path), path[0])
			if f.Tag != "A" {
				tb.t.Errorf("the focused copy-link is a <%s>; want an <a>", strings.ToLower(f.Tag))
			}
			if !f.Visible {
				tb.t.Errorf("the focused copy-link of #%s does not match :focus-visible", f.Anchor)
			}
			return f.Anchor
		}
	}
	tb.t.Errorf("200 presses of Tab reached no .copy-link; the focus went through %s", strings.Join(path[:min(40, len(path))], ", "))
	return ""
}

// checkCopyLinks checks, with JavaScript on or off, that every .copy-link
// of the seed article is a shown link, in the tab order, to an element of
// the page, with a name that says what it links to and a target of at
// least 24 × 24 CSS pixels (WCAG 2.2's 2.5.8); and that the link of the
// second step of Fix 1 is what it should be.
func (tb *tab) checkCopyLinks() {
	tb.t.Helper()
	links, err := eval[[]copyLinkInfo](tb, copyLinksJS)
	if err != nil {
		tb.t.Fatal(err)
	}
	if len(links) < 10 {
		tb.t.Fatalf("%s has %d .copy-link; want one per cause, fix, step and question", seedURL, len(links))
	}
	var bad []copyLinkInfo
	for _, l := range links {
		if l.Tag != "A" || !strings.HasPrefix(l.Href, "#") || !l.Target || l.Hidden || !l.Shown || l.TabIndex < 0 ||
			!strings.HasPrefix(l.Label, "Link to ") || l.Width < 24 || l.Height < 24 {
			bad = append(bad, l)
		}
	}
	if len(bad) > 0 {
		tb.t.Errorf("%d of the %d .copy-link are not a shown <a href=\"#id\"> of an element of the page, not hidden, in the tab order, with an aria-label \"Link to …\", at least 24 × 24 px; the first: %+v", len(bad), len(links), bad[0])
	}
	tb.t.Logf("%d copy links, e.g. %+v", len(links), links[0])
	sel := "#" + seedStep2 + " > .copy-link"
	a, err := tb.attrs(sel)
	if err != nil {
		tb.t.Fatal(err)
	}
	if want := "#" + seedStep2; a["href"] != want {
		tb.t.Errorf("%s href = %q; want %q", sel, a["href"], want)
	}
	if want := "Link to step 2 of Fix 1"; a["aria-label"] != want {
		tb.t.Errorf("%s aria-label = %q; want %q", sel, a["aria-label"], want)
	}
}

// copyLinkInfo describes a .copy-link, from copyLinksJS.
type copyLinkInfo struct {
	Tag      string  `json:"tag"`
	Href     string  `json:"href"`
	Target   bool    `json:"target"` // the page has an element with the href's id
	Hidden   bool    `json:"hidden"`
	Shown    bool    `json:"shown"`
	TabIndex int     `json:"tabIndex"`
	Label    string  `json:"label"`
	Width    float64 `json:"width"`
	Height   float64 `json:"height"`
}

const copyLinksJS = `Array.from(document.querySelectorAll('.copy-link'), a => {
	const href = a.getAttribute('href') || '', r = a.getBoundingClientRect();
	return {
		tag: a.tagName, href, target: href.length > 1 && !!document.getElementById(href.slice(1)),
		hidden: a.hidden, shown: a.getClientRects().length > 0 && getComputedStyle(a).visibility === 'visible',
		tabIndex: a.tabIndex, label: a.getAttribute('aria-label') || '', width: r.width, height: r.height,
	};
})`

// firstLine is the first line of s.
func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

var entityRE = regexp.MustCompile(`&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);`)

// checkPlain checks that a reply is plain text: no Markdown emphasis, no
// HTML tag and no HTML entity.
func checkPlain(t *testing.T, what, s string) {
	t.Helper()
	for _, bad := range []string{"**", "<", "&quot;"} {
		if i := strings.Index(s, bad); i >= 0 {
			t.Errorf("%s holds %q: %q", what, bad, s[max(0, i-30):min(len(s), i+30)])
		}
	}
	if m := entityRE.FindString(s); m != "" && m != "&quot;" {
		t.Errorf("%s holds the HTML entity %s", what, m)
	}
}

// get fetches a file of the site and returns its body.
func (e *env) get(t *testing.T, p string) string {
	t.Helper()
	resp, err := http.Get(e.base + p)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d", p, resp.StatusCode)
	}
	return string(body)
}

// checkFeedback checks the fields of a "Did this fix it?" answer for the
// seed article's first fix.
func checkFeedback(t *testing.T, p post, helpful string) {
	t.Helper()
	if ct, _, _ := strings.Cut(p.ContentType, ";"); ct != "application/x-www-form-urlencoded" {
		t.Errorf("the answer was posted as %q; want application/x-www-form-urlencoded (what Netlify Forms read)", p.ContentType)
	}
	want := map[string]string{
		"form-name": "fix-feedback",
		"fix":       seedFix,
		"helpful":   helpful,
		"article":   seedURL,
		"bot-field": "",
	}
	for k, v := range want {
		got, ok := p.Form[k]
		switch {
		case !ok:
			t.Errorf("the answer has no field %s; want %s=%q (body %q)", k, k, v, p.Body)
		case len(got) != 1 || got[0] != v:
			t.Errorf("the answer has %s=%q; want %q", k, got, v)
		}
	}
}

// feedbackDone is what a fix shows after an answer.
type feedbackDone struct {
	Form bool   `json:"form"`
	Text string `json:"text"`
	Role string `json:"role"`
}

// targetState is what deep-link reads.
type targetState struct {
	Problem  string  `json:"problem"`
	Target   bool    `json:"target"`
	BG       string  `json:"bg"`
	NextID   string  `json:"nextID"`
	NextBG   string  `json:"nextBG"`
	Top      float64 `json:"top"`
	Viewport int     `json:"viewport"`
}

// emulatePrint makes the tab's CSS use the print media type.
func (tb *tab) emulatePrint() {
	tb.t.Helper()
	if err := tb.call(5*time.Second, func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	}); err != nil {
		tb.t.Fatalf("emulating print media: %v", err)
	}
	if ok, err := eval[bool](tb, `matchMedia('print').matches`); err != nil || !ok {
		tb.t.Fatalf("print media is not emulated: matchMedia('print').matches = %v (%v)", ok, err)
	}
}

// displayInfo says how many of the elements a selector matches are
// displayed, and why the first one that is not, is not.
type displayInfo struct {
	Count int    `json:"count"`
	Shown int    `json:"shown"`
	Why   string `json:"why"`
}

// displayJS returns, for each selector, a displayInfo. An element is not
// displayed when it or one of its ancestors has display: none.
func displayJS(sels []string) string {
	var list []string
	for _, s := range sels {
		list = append(list, jsString(s))
	}
	return `(() => {
	const out = {};
	const hiddenBy = (el) => {
		for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
			if (getComputedStyle(e).display === 'none') {
				return e === el ? 'display: none' : 'inside ' + e.tagName.toLowerCase() + (e.className ? '.' + e.className.split(' ').join('.') : '') + ' with display: none';
			}
		}
		return '';
	};
	for (const sel of [` + strings.Join(list, ", ") + `]) {
		const els = Array.from(document.querySelectorAll(sel));
		const info = {count: els.length, shown: 0, why: ''};
		for (const el of els) {
			const why = hiddenBy(el);
			if (why === '' && el.getClientRects().length > 0) info.shown++;
			else if (!info.why) info.why = why || 'no box';
		}
		out[sel] = info;
	}
	return out;
})()`
}

// checkPrintedURLs checks, in print media, that every link of the page to
// another page (another site, another article, an e-mail address) shows
// its address after it; links within the page do not. It adds a link to
// an article and one to an address to the first step, as writers write
// them. It returns false when the page has no external link of its own.
func (tb *tab) checkPrintedURLs(page string) bool {
	tb.t.Helper()
	type link struct {
		Href    string `json:"href"`
		Content string `json:"content"`
		Own     bool   `json:"own"`
	}
	links, err := eval[[]link](tb, `(() => {
		const own = new Set(document.querySelectorAll('a[href^="http"]'));
		const step = document.querySelector('.steps > li');
		step.insertAdjacentHTML('beforeend', ' <a href="/ios-mail/cannot-verify-server-identity/#expired-certificate">the other article</a> <a href="mailto:help@example.com">write to us</a> <a href="#faq">the FAQ</a>');
		return Array.from(document.querySelectorAll('a[href^="http"], main a[href^="/"], a[href^="mailto:"], .steps a[href^="#"]'), a => ({
			href: a.getAttribute('href'), content: getComputedStyle(a, '::after').content, own: own.has(a)}));
	})()`)
	if err != nil {
		tb.t.Fatal(err)
	}
	own := 0
	for _, l := range links {
		if l.Own {
			own++
		}
		if strings.HasPrefix(l.Href, "#") {
			if strings.Contains(l.Content, l.Href) {
				tb.t.Errorf("in print on %s, a[href=%q]::after has content %s; a link within the page shows no address", page, l.Href, l.Content)
			}
			continue
		}
		// Chromium gives the computed content with attr() resolved.
		if !strings.Contains(l.Content, l.Href) {
			tb.t.Errorf("in print on %s, a[href=%q]::after has content %s; want it to show the URL", page, l.Href, l.Content)
		} else {
			tb.t.Logf("in print on %s, a[href=%q]::after: %s", page, l.Href, l.Content)
		}
	}
	return own > 0
}

// answerNoJS clicks the answer's button of the seed's first fix, with
// JavaScript off, and checks what was posted where: the form's fields, to
// the article (Netlify Forms take a POST to any page and serve it).
func (tb *tab) answerNoJS(answer string) {
	tb.t.Helper()
	n := tb.env.postCount()
	sel := "#" + seedFix + ` form.feedback button[value="` + answer + `"]`
	if err := tb.do(5*time.Second, chromedp.Click(chromedp.CSS(sel))); err != nil {
		tb.t.Fatalf("clicking %s: %v", sel, err)
	}
	want := seedURL + "#" + kb.AnswerID(seedFix, answer)
	if loc := tb.waitLocation(want); loc != want {
		tb.t.Fatalf("clicking %s with JavaScript off went to %s; want %s", sel, loc, want)
	}
	// The address changes when the answer's page starts to load; its
	// :target and scroll are set once it has.
	for range 50 {
		if state, err := eval[string](tb, `document.readyState`); err == nil && state == "complete" {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	posts := tb.env.postsSince(n)
	if len(posts) != 1 {
		tb.t.Fatalf("the server received %d POSTs after clicking %s; want 1: %+v", len(posts), sel, posts)
	}
	p := posts[0]
	tb.t.Logf("POST %s (%s): %s", p.Path, p.ContentType, p.Body)
	if p.Path != seedURL {
		tb.t.Errorf("the form was posted to %s; want the article, %s", p.Path, seedURL)
	}
	checkFeedback(tb.t, p, answer)
}

// answered is the note a fix shows after an answer without JavaScript.
type answered struct {
	Text   string  `json:"text"`
	Link   string  `json:"link"`   // its link's href
	Target bool    `json:"target"` // it is the :target
	Shown  int     `json:"shown"`  // notes of any fix displayed
	Form   bool    `json:"form"`   // the fix's form is still displayed
	Top    float64 `json:"top"`
	Bottom float64 `json:"bottom"`
	Height float64 `json:"height"`
}

// checkAnswered checks that the page shows the note of the answer to the
// seed's first fix, and it alone, in view, instead of the form.
func (tb *tab) checkAnswered(answer string) answered {
	tb.t.Helper()
	id := kb.AnswerID(seedFix, answer)
	a, err := eval[answered](tb, `(() => {
		const el = document.getElementById(`+jsString(id)+`);
		if (!el) return {};
		const r = el.getBoundingClientRect(), link = el.querySelector('a');
		const form = document.querySelector('#`+seedFix+` form.feedback');
		return {
			text: el.textContent.replace(/\s+/g, ' ').trim(), link: link ? link.getAttribute('href') : '',
			target: el.matches(':target'),
			shown: Array.from(document.querySelectorAll('.answered')).filter(n => n.getClientRects().length > 0).length,
			form: !!form && form.getClientRects().length > 0,
			top: r.top, bottom: r.bottom, height: innerHeight,
		};
	})()`)
	if err != nil {
		tb.t.Fatal(err)
	}
	tb.t.Logf("#%s: %+v", id, a)
	switch {
	case a.Text == "":
		tb.t.Fatalf("no #%s on the page after answering %s", id, answer)
	case !a.Target:
		tb.t.Errorf("#%s is not the :target after answering %s", id, answer)
	case a.Shown != 1:
		tb.t.Errorf("%d .answered notes are displayed after answering %s; want 1, #%s", a.Shown, answer, id)
	case a.Top < 0 || a.Bottom > a.Height:
		tb.t.Errorf("#%s is not in view: from %.0f to %.0f px of %.0f", id, a.Top, a.Bottom, a.Height)
	}
	if a.Form {
		tb.t.Errorf("after answering %s the form of #%s is still displayed next to the note", answer, seedFix)
	}
	return a
}

// checkInView checks that the element sel is the :target and its top is
// in the viewport.
func (tb *tab) checkInView(sel string) {
	tb.t.Helper()
	type state struct {
		Target bool    `json:"target"`
		Top    float64 `json:"top"`
		Height float64 `json:"height"`
	}
	var st state
	var err error
	for range 20 { // smooth scrolling, if any, ends
		st, err = eval[state](tb, `(() => {
			const el = document.querySelector(`+jsString(sel)+`);
			return el ? {target: el.matches(':target'), top: el.getBoundingClientRect().top, height: innerHeight} : {top: -1};
		})()`)
		if err == nil && st.Target && st.Top >= 0 && st.Top < st.Height {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		tb.t.Fatal(err)
	}
	tb.t.Errorf("%s: :target %v, its top at %.0f px of a %.0f px viewport; want the target, in view", sel, st.Target, st.Top, st.Height)
}
