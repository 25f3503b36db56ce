package build_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"kbgen/generator/build"
	"kbgen/generator/internal/sitetest"
	"kbgen/generator/kb"
)

// fixLink is a link to a fix as a test expects it: its anchor and its text.
type fixLink struct{ href, text string }

// wantFixLinks is, for the article at url, every fix as the page shows it
// (basic, then advanced), from the article itself.
func wantFixLinks(t *testing.T, s *sitetest.Site, url string) (basic, advanced []fixLink) {
	t.Helper()
	articles, err := build.Check(context.Background(), build.Options{Project: s.Fs})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range articles {
		if a.URL() != url {
			continue
		}
		for level, dst := range map[kb.Level]*[]fixLink{kb.Basic: &basic, kb.Advanced: &advanced} {
			for i, f := range a.FixesAt(level) {
				*dst = append(*dst, fixLink{"#" + f.ID.Value, kb.FixLabel(level, i+1) + ": " + f.Title.Src})
			}
		}
		return basic, advanced
	}
	t.Fatalf("no article at %s", url)
	return nil, nil
}

// TestTOCListsEveryFix checks the ways from the top of an article to its
// fixes: "On this page" is a labelled nav whose list has, under "Step-by-
// Step Fixes" and "Advanced Fixes", an ordered list of their fixes, each a
// link to the fix with its label and title; and the Quick Answer ends with
// a link to the first fix. An article whose fixes are all advanced lists
// no "Step-by-Step Fixes", and its Quick Answer goes to Advanced fix 1.
func TestTOCListsEveryFix(t *testing.T) {
	s := sitetest.Test(t, sitetest.Seed(t)+`
-- content/ios-mail/cannot-get-mail.yaml --
error: Cannot Get Mail
product: iOS Mail
updated: 2026-11-28
summary: The mail server did not answer. Check the connection, then the account settings.
causes: [{id: offline, text: No network.}]
fixes:
  - {id: reset-network, title: Reset the network settings, level: advanced, steps: [Reset them.], solves: [offline]}
  - {id: ask-admin, title: Ask your administrator, level: advanced, steps: [Ask.], solves: [offline]}
`)
	for _, tc := range []struct {
		url, page string
	}{
		{"/ios-mail/cannot-verify-server-identity/", seedPage},
		{"/ios-mail/cannot-get-mail/", "public/ios-mail/cannot-get-mail/index.html"},
	} {
		t.Run(tc.url, func(t *testing.T) {
			basic, advanced := wantFixLinks(t, s, tc.url)
			doc, err := html.Parse(strings.NewReader(s.File(tc.page)))
			if err != nil {
				t.Fatal(err)
			}
			nav := find(doc, func(n *html.Node) bool { return n.Data == "nav" && hasClass(n, "toc") })
			if nav == nil {
				t.Fatal("no nav.toc on the page")
			}
			if id := attr(nav, "aria-labelledby"); id == "" || words(byID(doc, id)) != "On this page" {
				t.Errorf("nav.toc is labelled by #%q (%q); want the title \"On this page\"", id, words(byID(doc, id)))
			}
			list := child(nav, "ol")
			if list == nil {
				t.Fatal("nav.toc has no <ol>")
			}
			sections := make(map[string][]fixLink) // section anchor → the fixes listed under it
			var order []string
			for li := range children(list, "li") {
				a := child(li, "a")
				if a == nil {
					t.Errorf("an item of the TOC has no link: %q", words(li))
					continue
				}
				href := attr(a, "href")
				order = append(order, href)
				sub := child(li, "ol")
				if sub == nil {
					continue
				}
				sections[href] = []fixLink{}
				for item := range children(sub, "li") {
					if fa := child(item, "a"); fa != nil {
						sections[href] = append(sections[href], fixLink{attr(fa, "href"), words(fa)})
					} else {
						t.Errorf("a fix of the TOC under %s has no link: %q", href, words(item))
					}
				}
			}
			t.Logf("TOC: %v; fixes %v", order, sections)
			for href, want := range map[string][]fixLink{"#fixes": basic, "#advanced-fixes": advanced} {
				got, ok := sections[href]
				switch {
				case len(want) == 0 && slices.Contains(order, href):
					t.Errorf("the TOC lists %s, which the article does not have", href)
				case len(want) == 0:
				case !ok:
					t.Errorf("the TOC lists no fixes under %s; want %v", href, want)
				case fmt.Sprint(got) != fmt.Sprint(want):
					t.Errorf("the TOC lists under %s:\n\t%v\nwant\n\t%v", href, got, want)
				}
			}

			// The Quick Answer's way to the first fix.
			first := append(basic, advanced...)[0]
			qa := find(doc, func(n *html.Node) bool { return n.Data == "section" && hasClass(n, "quick-answer") })
			if qa == nil {
				t.Fatal("no section.quick-answer")
			}
			p := find(qa, func(n *html.Node) bool { return n.Data == "p" && hasClass(n, "first-fix") })
			if p == nil {
				t.Fatalf("the Quick Answer has no p.first-fix; want a link %q to %s", "Go to "+first.text, first.href)
			}
			if a := child(p, "a"); a == nil || attr(a, "href") != first.href || words(a) != "Go to "+first.text {
				t.Errorf("the Quick Answer's p.first-fix is %q; want a link %q to %s", render(p), "Go to "+first.text, first.href)
			}
		})
	}
}

// TestAnswerLandsOnArticle checks where "Did this fix it?" goes without
// JavaScript: each fix's form posts to its own article (Netlify Forms
// record the answer and serve the page there), Yes at the fix's yes note
// and No at its no note; both notes are in the fix, after the form, and
// the no note links to the next fix, or after the last one to the contact
// of "Still not working?".
func TestAnswerLandsOnArticle(t *testing.T) {
	s := sitetest.Test(t, sitetest.Seed(t))
	const url = "/ios-mail/cannot-verify-server-identity/"
	basic, advanced := wantFixLinks(t, s, url)
	fixes := append(basic, advanced...)
	doc, err := html.Parse(strings.NewReader(s.File(seedPage)))
	if err != nil {
		t.Fatal(err)
	}
	if byID(doc, "still-not-working") == nil {
		t.Fatal("the seed page has no #still-not-working: the last fix's note has nowhere to lead")
	}
	for i, fx := range fixes {
		id := strings.TrimPrefix(fx.href, "#")
		section := byID(doc, id)
		if section == nil {
			t.Fatalf("no element #%s", id)
		}
		form := find(section, func(n *html.Node) bool { return n.Data == "form" && hasClass(n, "feedback") })
		if form == nil {
			t.Fatalf("fix #%s has no form.feedback", id)
		}
		yes, no := kb.AnswerID(id, "yes"), kb.AnswerID(id, "no")
		if got, want := attr(form, "action"), url+"#"+yes; got != want {
			t.Errorf("the form of #%s has action=%q; want %q", id, got, want)
		}
		if attr(form, "method") != "post" || attr(form, "data-netlify") != "true" {
			t.Errorf("the form of #%s is not a Netlify form posted: method=%q data-netlify=%q", id, attr(form, "method"), attr(form, "data-netlify"))
		}
		buttons := map[string]*html.Node{}
		for n := range form.Descendants() {
			if n.Type == html.ElementNode && n.Data == "button" {
				buttons[attr(n, "value")] = n
			}
		}
		if b := buttons["yes"]; b == nil || hasAttr(b, "formaction") {
			t.Errorf("the form of #%s has no Yes button posting to the form's action", id)
		}
		if b := buttons["no"]; b == nil || attr(b, "formaction") != url+"#"+no {
			t.Errorf("the form of #%s: the No button posts to %q; want %q", id, attr(buttons["no"], "formaction"), url+"#"+no)
		}
		notes := map[string]*html.Node{}
		for _, ans := range []string{yes, no} {
			n := byID(doc, ans)
			switch {
			case n == nil:
				t.Errorf("no #%s on the page: the answer lands nowhere", ans)
			case !hasClass(n, "answered"):
				t.Errorf("#%s has class %q; want answered (shown only as the :target)", ans, attr(n, "class"))
			case !inside(n, form.Parent) || !after(n, form):
				t.Errorf("#%s is not after the form in the actions of fix #%s", ans, id)
			}
			notes[ans] = n
		}
		if n := notes[yes]; n != nil && !strings.HasPrefix(words(n), "Thank you") {
			t.Errorf("#%s says %q; want a thank-you", yes, words(n))
		}
		n := notes[no]
		if n == nil {
			continue
		}
		a := child(n, "a")
		if i+1 < len(fixes) {
			next := fixes[i+1]
			if a == nil || attr(a, "href") != next.href || words(a) != next.text {
				t.Errorf("#%s is %q; want a link %q to the next fix, %s", no, render(n), next.text, next.href)
			}
		} else if a == nil || attr(a, "href") != "#still-not-working" {
			t.Errorf("#%s, after the last fix, is %q; want a link to #still-not-working", no, render(n))
		}
	}
	// /thanks/ stays for forms of pages opened before this change.
	s.AssertFile("public/thanks/index.html", "Back button")
}

func find(n *html.Node, ok func(*html.Node) bool) *html.Node {
	for d := range n.Descendants() {
		if d.Type == html.ElementNode && ok(d) {
			return d
		}
	}
	return nil
}

func byID(doc *html.Node, id string) *html.Node {
	return find(doc, func(n *html.Node) bool { return attr(n, "id") == id })
}

// child is n's first child element named tag.
func child(n *html.Node, tag string) *html.Node {
	for c := range children(n, tag) {
		return c
	}
	return nil
}

// children are n's child elements named tag.
func children(n *html.Node, tag string) func(func(*html.Node) bool) {
	return func(yield func(*html.Node) bool) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && c.Data == tag && !yield(c) {
				return
			}
		}
	}
}

func hasClass(n *html.Node, class string) bool {
	for _, c := range strings.Fields(attr(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// inside reports whether n is below ancestor.
func inside(n, ancestor *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p == ancestor {
			return true
		}
	}
	return false
}

// after reports whether n comes after m, both children of one element.
func after(n, m *html.Node) bool {
	for p := m.NextSibling; p != nil; p = p.NextSibling {
		if p == n {
			return true
		}
	}
	return false
}

// words is the text of n, spaces collapsed (textOf drops quotes).
func words(n *html.Node) string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func render(n *html.Node) string {
	var b strings.Builder
	html.Render(&b, n)
	return b.String()
}
