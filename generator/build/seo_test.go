package build_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/spf13/afero"
	"golang.org/x/net/html"

	"kbgen/generator/build"
	"kbgen/generator/internal/sitetest"
)

// page is a parsed HTML page, for the checks search engines make.
type page struct {
	doc  *html.Node
	text string // visible text, normalized
}

func parsePage(t *testing.T, src string) *page {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	return &page{doc: doc, text: normalize(visibleText(t, src))}
}

func (p *page) all(match func(n *html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(p.doc)
	return out
}

func (p *page) tag(name string) []*html.Node {
	return p.all(func(n *html.Node) bool { return n.Data == name })
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func (p *page) meta(key, val string) string {
	for _, n := range p.tag("meta") {
		if attr(n, key) == val {
			return attr(n, "content")
		}
	}
	return ""
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return normalize(b.String())
}

var tags = regexp.MustCompile(`<[^>]*>`)

// TestSeedStructuredData checks the seed page's JSON-LD against what the
// page shows, as Google's guidelines ask: one graph; FAQ questions and
// answers, HowTo steps and breadcrumb equal to the visible ones.
func TestSeedStructuredData(t *testing.T) {
	s := sitetest.Test(t, sitetest.Seed(t))
	p := parsePage(t, s.File(seedPage))

	scripts := p.all(func(n *html.Node) bool { return n.Data == "script" && attr(n, "type") == "application/ld+json" })
	if len(scripts) != 1 {
		t.Fatalf("%d JSON-LD scripts; want 1", len(scripts))
	}
	var g struct {
		Context string           `json:"@context"`
		Graph   []map[string]any `json:"@graph"`
	}
	if err := json.Unmarshal([]byte(scripts[0].FirstChild.Data), &g); err != nil {
		t.Fatalf("JSON-LD does not parse: %v", err)
	}
	byType := make(map[string]map[string]any)
	for _, n := range g.Graph {
		byType[n["@type"].(string)] = n
	}
	for _, want := range []string{"TechArticle", "FAQPage", "HowTo", "BreadcrumbList"} {
		if byType[want] == nil {
			t.Errorf("graph has no %s", want)
		}
	}

	// FAQ: the questions are the visible h3s of the FAQ section, in order,
	// and each answer's text is on the page.
	var visibleQ []string
	for _, h := range p.all(func(n *html.Node) bool { return n.Data == "h3" && strings.HasPrefix(attr(n, "id"), "faq-") }) {
		visibleQ = append(visibleQ, textOf(h))
	}
	var ldQ []string
	for _, q := range byType["FAQPage"]["mainEntity"].([]any) {
		q := q.(map[string]any)
		ldQ = append(ldQ, normalize(q["name"].(string)))
		answer := normalize(html.UnescapeString(tags.ReplaceAllString(q["acceptedAnswer"].(map[string]any)["text"].(string), " ")))
		if !strings.Contains(p.text, answer) {
			t.Errorf("answer not visible on the page: %.80s…", answer)
		}
	}
	if len(ldQ) != 4 || !slices.Equal(ldQ, visibleQ) {
		t.Errorf("FAQ questions in JSON-LD %q; visible %q", ldQ, visibleQ)
	}

	// HowTo: every step's text is visible, and its url is the anchor of
	// the visible step.
	steps := 0
	for _, sec := range byType["HowTo"]["step"].([]any) {
		for _, st := range sec.(map[string]any)["itemListElement"].([]any) {
			st := st.(map[string]any)
			steps++
			if !strings.Contains(p.text, normalize(st["text"].(string))) {
				t.Errorf("HowTo step not visible: %s", st["text"])
			}
			anchor := st["url"].(string)[strings.Index(st["url"].(string), "#")+1:]
			if len(p.all(func(n *html.Node) bool { return n.Data == "li" && attr(n, "id") == anchor })) != 1 {
				t.Errorf("HowTo step url %s names no step on the page", st["url"])
			}
		}
	}
	if steps != 3+5+7+5+5+4 {
		t.Errorf("HowTo has %d steps; the seed has 29", steps)
	}

	// Breadcrumb: the same names as the visible one, absolute item URLs.
	nav := p.all(func(n *html.Node) bool { return n.Data == "nav" && attr(n, "aria-label") == "Breadcrumb" })
	if len(nav) != 1 {
		t.Fatalf("%d breadcrumb navs; want 1", len(nav))
	}
	var visible []string
	for c := nav[0].FirstChild; c != nil; c = c.NextSibling {
		for li := c.FirstChild; li != nil; li = li.NextSibling {
			if li.Type == html.ElementNode && li.Data == "li" {
				visible = append(visible, textOf(li))
			}
		}
	}
	var names []string
	for i, it := range byType["BreadcrumbList"]["itemListElement"].([]any) {
		it := it.(map[string]any)
		names = append(names, it["name"].(string))
		if it["position"].(float64) != float64(i+1) || !strings.HasPrefix(it["item"].(string), "https://kb.example.org/") {
			t.Errorf("breadcrumb item %d: %v", i, it)
		}
	}
	if !slices.Equal(names, visible) {
		t.Errorf("breadcrumb in JSON-LD %q; visible %q", names, visible)
	}
}

// TestPageMetadata checks what every HTML page tells search engines.
func TestPageMetadata(t *testing.T) {
	s := sitetest.Test(t, sitetest.Seed(t))
	for _, f := range []string{seedPage, "public/index.html", "public/ios-mail/index.html"} {
		p := parsePage(t, s.File(f))
		if n := len(p.tag("h1")); n != 1 {
			t.Errorf("%s: %d <h1>; want 1", f, n)
		}
		if lang := attr(p.tag("html")[0], "lang"); lang != "en-US" {
			t.Errorf("%s: <html lang=%q>", f, lang)
		}
		title := textOf(p.tag("title")[0])
		if utf8.RuneCountInString(title) > 60 {
			t.Errorf("%s: title %q is over 60 characters", f, title)
		}
		desc := p.meta("name", "description")
		if desc == "" || utf8.RuneCountInString(desc) > 160 {
			t.Errorf("%s: description %q (%d characters)", f, desc, utf8.RuneCountInString(desc))
		}
		var canonical string
		for _, l := range p.tag("link") {
			if attr(l, "rel") == "canonical" {
				canonical = attr(l, "href")
			}
		}
		if !strings.HasPrefix(canonical, "https://kb.example.org/") || canonical != p.meta("property", "og:url") {
			t.Errorf("%s: canonical %q, og:url %q", f, canonical, p.meta("property", "og:url"))
		}
		if img := p.meta("property", "og:image"); img != "https://kb.example.org/social.png" {
			t.Errorf("%s: og:image %q", f, img)
		}
		if p.meta("name", "twitter:card") == "" || p.meta("name", "theme-color") == "" {
			t.Errorf("%s: no twitter:card or theme-color", f)
		}
		if p.meta("name", "robots") != "" {
			t.Errorf("%s: robots meta %q on a production build", f, p.meta("name", "robots"))
		}
	}
	p := parsePage(t, s.File(seedPage))
	if got := textOf(p.tag("title")[0]); got != `Cannot verify server identity in iOS Mail: How to Fix` {
		t.Errorf("seed title = %q", got)
	}
	s.AssertFile("public/social.png")
	s.AssertFile("public/favicon.ico")
	s.AssertFile("public/robots.txt", "Sitemap: https://kb.example.org/sitemap.xml")
	s.AssertFile("public/opensearch.xml", `<ShortName>Troubleshooting</ShortName>`,
		`template="https://kb.example.org/search/?q={searchTerms}"`)
	s.AssertFile(seedPage, `<link rel=search type=application/opensearchdescription+xml href=/opensearch.xml`)
	s.AssertFile("public/search/index.html", `id=search-results`, `id=search-az`,
		`href=/ios-mail/cannot-verify-server-identity/`, `<meta name=robots content="noindex">`)
	if strings.Contains(s.File("public/sitemap.xml"), "/search/") {
		t.Error("the search page is in the sitemap")
	}
}

// The generator writes the sitemap and the feed and Hugo must not, even
// when the project's configuration does not disable Hugo's: the build adds
// them to the kinds the configuration disables, and keeps the others.
func TestSiteFilesAreTheGenerators(t *testing.T) {
	conf, err := os.ReadFile(filepath.Join(sitetest.Root(t), "hugo.toml"))
	if err != nil {
		t.Fatal(err)
	}
	const repo = `disableKinds = ["taxonomy", "term", "sitemap", "rss"]`
	if !strings.Contains(string(conf), repo) {
		t.Fatalf("hugo.toml has no %s", repo)
	}
	// No sitemap or feed in the list, the 404 page disabled, and a feed
	// asked of the home page.
	own := strings.Replace(string(conf), repo, `disableKinds = ["taxonomy", "term", "404"]`, 1)
	if own = strings.Replace(own, `home = ["html"]`, `home = ["html", "rss"]`, 1); !strings.Contains(own, `"rss"]`) {
		t.Fatal(`hugo.toml has no home = ["html"]`)
	}
	s := sitetest.Test(t, sitetest.Seed(t)+"-- hugo.toml --\n"+own)
	// Go's sitemap dates a page by its day; Hugo's wrote a time too.
	s.AssertFile("public/sitemap.xml", "<loc>https://kb.example.org/ios-mail/cannot-verify-server-identity/</loc><lastmod>2026-11-28</lastmod>")
	if strings.Contains(s.File("public/sitemap.xml"), "T00:00:00") {
		t.Error("Hugo wrote the sitemap")
	}
	s.AssertNoFile("public/404.html") // the configuration's own list is kept
	// Go's feed has a line per element; Hugo's template said standalone.
	s.AssertFile("public/index.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss", "<channel>\n<title>")
	if strings.Contains(s.File("public/index.xml"), "standalone") {
		t.Error("Hugo wrote the feed")
	}
}

// TestSitemap checks that the sitemap lists every page, each with the
// day its article was updated, and nothing that does not exist.
func TestSitemap(t *testing.T) {
	s := sitetest.Test(t, sitetest.Seed(t))
	var sm struct {
		URLs []struct {
			Loc        string `xml:"loc"`
			Lastmod    string `xml:"lastmod"`
			ChangeFreq string `xml:"changefreq"`
			Priority   string `xml:"priority"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(s.File("public/sitemap.xml")), &sm); err != nil {
		t.Fatal(err)
	}
	if len(sm.URLs) != 3 {
		t.Errorf("sitemap lists %d URLs; want home, product and article", len(sm.URLs))
	}
	for _, u := range sm.URLs {
		path := strings.TrimPrefix(u.Loc, "https://kb.example.org/")
		s.AssertFile("public/" + path + "index.html")
		if !strings.HasPrefix(u.Lastmod, "2026-11-28") || u.ChangeFreq != "" || u.Priority != "" {
			t.Errorf("sitemap entry %+v", u)
		}
	}
}

// TestPreviewIsNotIndexed builds the seed as a preview (NoIndex): every
// page asks not to be indexed, every file says so in a header (_headers),
// and robots.txt lets crawlers in, or they could not read the noindex and
// might list the preview's URLs anyway. A production build writes no
// _headers.
func TestPreviewIsNotIndexed(t *testing.T) {
	s := sitetest.Test(t, sitetest.Seed(t))
	s.AssertNoFile("public/_headers")

	ctx := context.Background()
	out := afero.NewMemMapFs()
	if _, err := build.Run(ctx, build.Options{Project: s.Fs, Dest: out, NoIndex: true}); err != nil {
		t.Fatal(err)
	}
	read := func(name string) string {
		data, err := afero.ReadFile(out, "/public/"+name)
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	if got := read("_headers"); !strings.Contains(got, "\n/*\n  X-Robots-Tag: noindex\n") {
		t.Errorf("_headers of a preview:\n%s\nwant every file noindex", got)
	}
	if got := read("robots.txt"); !strings.Contains(got, "Allow: /") || strings.Contains(got, "Disallow") {
		t.Errorf("robots.txt of a preview:\n%s\nwant crawling allowed, so that the noindex is read", got)
	}
	pages := 0
	afero.Walk(out, "/public", func(p string, info fs.FileInfo, err error) error {
		if err != nil || info.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		pages++
		if page := read(strings.TrimPrefix(p, "/public/")); !strings.Contains(page, `<meta name=robots content="noindex">`) {
			t.Errorf("%s of a preview has no robots noindex meta", p)
		}
		return nil
	})
	if pages < 5 {
		t.Fatalf("checked %d pages of the preview", pages)
	}
}
