package build_test

import (
	"bytes"
	"compress/gzip"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"kbgen/generator/internal/sitetest"
)

// pageBudget is issue 7's budget for an article page: its HTML and the CSS
// and JavaScript it loads before any interaction, gzip-compressed.
const pageBudget = 25 << 10

// TestArticlePageWeight adds up what a reader's browser downloads for the
// seed article before the reader does anything: the HTML, every stylesheet
// it links and every script it loads (search.js and the index come on first
// use of the search box, so they are not counted), each gzip-compressed at
// the default level as a server would send it.
func TestArticlePageWeight(t *testing.T) {
	s := sitetest.Test(t, sitetest.Seed(t))
	page := s.File(seedPage)
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]int{seedPage: gz(t, page)}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			ref := ""
			switch {
			case n.Data == "link" && attr(n, "rel") == "stylesheet":
				ref = attr(n, "href")
			case n.Data == "script" && attr(n, "src") != "":
				ref = attr(n, "src")
			}
			if ref != "" {
				files[ref] = gz(t, s.File("public"+ref))
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	total, css, js := 0, 0, 0
	for name, n := range files {
		total += n
		switch {
		case strings.HasSuffix(name, ".css"):
			css++
		case strings.HasSuffix(name, ".js"):
			js++
		}
	}
	if css == 0 || js == 0 {
		t.Fatalf("found %d stylesheets and %d scripts in the page: the test does not see what it loads", css, js)
	}
	t.Logf("seed article: %.1f KB gzip (%v)", float64(total)/1024, files)
	if total > pageBudget {
		t.Errorf("the seed article loads %d bytes gzip before any interaction; the budget is %d", total, pageBudget)
	}
}

func gz(t *testing.T, s string) int {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Len()
}
