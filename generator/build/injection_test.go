package build_test

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"kbgen/generator/internal/sitetest"
	"kbgen/generator/kb"
)

// payloads are what a careless or hostile writer could put in a text field.
var payloads = []string{
	`<script>alert(1)</script>`,
	`</script><script>alert(2)</script>`,
	`[x](javascript:alert(3))`, // rejected by check in Markdown fields: see below
	`[x](https://example.org/"onmouseover="alert(5))`,
	`" onmouseover="alert(4)`,
	`{{ .Site.Title }}`,
	`<!--`,
}

// injectionFields are the text fields of an article, each with how to write
// an article whose field holds v. Every field is written in full, so that
// the article is valid.
var injectionFields = []string{
	"title", "error", "codes", "product", "platforms", "tags", "summary",
	"cause text", "fix title", "note", "warning", "steps", "faq q", "faq a",
}

// injectionArticle returns the path and YAML source of an article whose
// field holds v; every other field holds plain text. n makes its error
// message unique.
func injectionArticle(field, v string, n int) (string, string) {
	q := func(s string) string {
		data, _ := json.Marshal(s) // a JSON string is a YAML double-quoted scalar
		return string(data)
	}
	val := func(f, plain string) string {
		if f == field {
			return q(plain + " " + v)
		}
		return q(plain)
	}
	product := "App"
	if field == "product" {
		product += " " + v
	}
	src := fmt.Sprintf(`title: %s
error: %s
codes: [%s]
product: %s
platforms: [%s]
tags: [%s]
updated: 2026-11-28
summary: %s
causes:
  - id: offline
    text: %s
fixes:
  - id: online
    title: %s
    note: %s
    warning: %s
    solves: [offline]
    steps: [%s, "Then try again."]
faq:
  - q: %s
    a: %s
`,
		val("title", fmt.Sprintf("Fix it %d", n)), val("error", fmt.Sprintf("Error %d", n)), val("codes", "E1"), q(product),
		val("platforms", "iOS"), val("tags", "network"), val("summary", "Check the network connection, then try again."),
		val("cause text", "No network."), val("fix title", "Go online"), val("note", "Temporary"),
		val("warning", "This closes open files."), val("steps", "Turn off airplane mode."),
		val("faq q", "Why?"), val("faq a", "Because."))
	return fmt.Sprintf("content/%s/case-%d.yaml", kb.Slugify(product), n), src
}

// TestNoInjection puts each payload into each text field of an article,
// builds the site and checks every page as a browser would parse it: no
// script but the JSON-LD block and the site's own script files, no event
// handler attribute, no javascript: URL, no comment, a JSON-LD block that
// is valid JSON and cannot be broken out of, and Hugo template syntax shown
// as text, never evaluated. The search index files must be valid JSON and
// the feeds valid XML.
func TestNoInjection(t *testing.T) {
	var b, rejected strings.Builder
	type tcase struct{ field, payload, file string }
	var cases []tcase
	var links []string // the files whose link check rejects
	for _, field := range injectionFields {
		for _, p := range payloads {
			file, src := injectionArticle(field, p, len(cases)+len(links))
			// check rejects a javascript: link in Markdown, before the
			// renderer (which drops it: markdown's tests) ever sees it.
			// And a fix's title is the text of links to the fix: it may
			// hold no link of its own.
			if strings.Contains(p, "javascript:") && !slices.Contains([]string{"error", "codes", "product", "platforms", "tags"}, field) ||
				strings.HasPrefix(p, "[x](") && field == "fix title" {
				links = append(links, file)
				fmt.Fprintf(&rejected, "-- %s --\n%s", file, src)
				continue
			}
			cases = append(cases, tcase{field, p, file})
			fmt.Fprintf(&b, "-- %s --\n%s", file, src)
		}
	}
	if r := sitetest.Build(t, rejected.String()); r.Err == nil {
		t.Errorf("the links in %s were published; want check to reject them", links)
	} else {
		for _, file := range links {
			if !strings.Contains(r.Err.Error(), file+":") {
				t.Errorf("no error for the link in %s:\n%v", file, r.Err)
			}
		}
	}
	s := sitetest.Test(t, b.String())

	pages := 0
	for _, f := range s.Files() {
		if !strings.HasPrefix(f, "/public/") {
			continue
		}
		name := strings.TrimPrefix(f, "/")
		switch path.Ext(f) {
		case ".html":
			pages++
			for _, problem := range checkPage(name, s.File(name)) {
				t.Error(problem)
			}
		case ".json":
			if !json.Valid([]byte(s.File(name))) {
				t.Errorf("%s is not valid JSON", name)
			}
		case ".xml":
			if err := wellFormedXML(s.File(name)); err != nil {
				t.Errorf("%s is not well-formed XML: %v", name, err)
			}
		}
	}
	if pages < len(cases) {
		t.Fatalf("checked %d pages; want at least %d", pages, len(cases))
	}

	// Template syntax is text: on each page whose field shows it, the
	// literal is there, and the site's title did not replace it.
	for _, c := range cases {
		if c.payload != `{{ .Site.Title }}` || c.field == "tags" || c.field == "platforms" {
			continue
		}
		page := articlePageOf(c.file)
		text := pageText(t, s.File(page))
		if !strings.Contains(text, c.payload) {
			t.Errorf("%s (%s): the literal %s is not shown", page, c.field, c.payload)
		}
	}
	// A link shows its text, and the raw HTML is shown as text.
	for _, c := range cases {
		if c.field != "steps" {
			continue
		}
		text := pageText(t, s.File(articlePageOf(c.file)))
		want := c.payload
		if strings.HasPrefix(want, "[x](") {
			want = "x"
		}
		if !strings.Contains(text, "Turn off airplane mode. "+want) {
			t.Errorf("%s: the step does not show %q as text", articlePageOf(c.file), want)
		}
	}
}

func articlePageOf(file string) string {
	p, _ := articlePage(file)
	return p
}

// checkPage returns a problem for anything executable in an HTML page.
func checkPage(name, page string) []string {
	var problems []string
	errorf := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return []string{fmt.Sprintf("%s: %v", name, err)}
	}
	jsonld := 0
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.CommentNode:
			errorf("%s: a comment <!--%.40s…", name, n.Data)
		case html.ElementNode:
			attr := func(key string) (string, bool) {
				for _, a := range n.Attr {
					if a.Key == key {
						return a.Val, true
					}
				}
				return "", false
			}
			for _, a := range n.Attr {
				if strings.HasPrefix(a.Key, "on") {
					errorf("%s: <%s %s=%q>: an event handler", name, n.Data, a.Key, a.Val)
				}
				if isJavaScriptURL(a.Val) {
					errorf("%s: <%s %s=%q>: a javascript: URL", name, n.Data, a.Key, a.Val)
				}
			}
			switch n.Data {
			case "script":
				typ, _ := attr("type")
				src, hasSrc := attr("src")
				body := scriptBody(n)
				switch {
				case typ == "application/ld+json":
					jsonld++
					if !json.Valid([]byte(body)) {
						errorf("%s: the JSON-LD block is not valid JSON:\n%s", name, body)
					}
					if strings.Contains(body, "<") {
						errorf("%s: the JSON-LD block holds a raw <, which could close it", name)
					}
				case hasSrc && strings.HasPrefix(src, "/js/") && strings.TrimSpace(body) == "":
					// The site's own script file, same origin.
				default:
					errorf("%s: an executable <script> (type %q, src %q): %.80s", name, typ, src, body)
				}
			case "iframe", "object", "embed", "base", "frame", "applet":
				errorf("%s: a <%s> element", name, n.Data)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if jsonld > 1 {
		errorf("%s: %d JSON-LD blocks; want at most one", name, jsonld)
	}
	if strings.HasSuffix(name, "/index.html") && strings.Count(name, "/") == 3 && jsonld != 1 {
		if !strings.Contains(page, "http-equiv=refresh") { // an alias page redirects and has none
			errorf("%s: %d JSON-LD blocks on an article page; want one", name, jsonld)
		}
	}
	return problems
}

// isJavaScriptURL reports whether v is a URL a browser would run as script,
// with the tricks browsers forgive: case, spaces and control characters.
func isJavaScriptURL(v string) bool {
	v = strings.Map(func(r rune) rune {
		if r <= ' ' {
			return -1
		}
		return r
	}, strings.ToLower(v))
	return strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "vbscript:") ||
		strings.HasPrefix(v, "data:text/html")
}

func scriptBody(n *html.Node) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}

// pageText is the text of the page's body, as a reader sees it, on one line.
func pageText(t *testing.T, page string) string {
	t.Helper()
	return strings.Join(strings.Fields(visibleText(t, page)), " ")
}

func wellFormedXML(s string) error {
	d := xml.NewDecoder(strings.NewReader(s))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// TestInjectionCheckerCatches shows that checkPage finds each kind of
// executable markup, on a page made to have them all.
func TestInjectionCheckerCatches(t *testing.T) {
	page := `<!doctype html><html><head><title>x</title>
<script type=application/ld+json>{"a": "</b>"}</script>
<script>alert(1)</script><script src=https://evil.example/x.js></script>
</head><body><!-- hidden --><a href=" JaVa&#x09;script:alert(3)">x</a><p onmouseover="alert(4)">p</p>
<iframe src=/x></iframe></body></html>`
	got := strings.Join(checkPage("bad.html", page), "\n")
	for _, want := range []string{"holds a raw <", "an executable <script> (type \"\", src \"\")", `src "https://evil.example/x.js"`,
		"a comment", "a javascript: URL", "an event handler", "a <iframe> element"} {
		if !strings.Contains(got, want) {
			t.Errorf("checkPage did not report %q; it reported:\n%s", want, got)
		}
	}
	if p := checkPage("good.html", `<!doctype html><title>x</title><script type=application/ld+json>{"a":"\u003c/script>"}</script><script src=/js/a.js defer></script><p>{{ .Site.Title }} &lt;script></p>`); len(p) > 0 {
		t.Errorf("checkPage reported problems on a safe page: %q", p)
	}
}
