package build_test

import (
	"cmp"
	"context"
	"encoding/xml"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/afero"
	"golang.org/x/net/html"

	"kbgen/generator/build"
	"kbgen/generator/internal/sitetest"
)

// TestInternalLinks builds the repository's real site (content/, layouts/,
// static/, hugo.toml; the output stays in memory) and checks every link of
// every page: each href and src that stays on the site must name a file of
// public/ (/path/ meaning path/index.html), and each #fragment must be the
// id of an element of the target page. Absolute links to the site's own
// base URL count as internal; the sitemap's addresses are checked too.
// Links to other sites are listed, not fetched.
func TestInternalLinks(t *testing.T) {
	root := sitetest.Root(t)
	out := afero.NewMemMapFs()
	_, err := build.Run(context.Background(), build.Options{
		Project: afero.NewReadOnlyFs(afero.NewBasePathFs(afero.NewOsFs(), root)),
		Dest:    out,
	})
	if err != nil {
		t.Fatalf("building the repository's site: %v", err)
	}
	c := newLinkChecker(out, "public", "https://kb.example.org/")
	if err := c.run(); err != nil {
		t.Fatal(err)
	}
	if c.pages < 10 {
		t.Fatalf("checked %d pages; the site is missing", c.pages)
	}
	for _, b := range c.broken {
		t.Error(b)
	}
	t.Logf("%d pages, %d internal links checked; %d external links (not fetched): %s",
		c.pages, c.checked, len(c.external), strings.Join(c.external, " "))
}

// TestLinkCheckerCatches runs the checker over a site made to have one
// broken link of each kind, and over a correct one.
func TestLinkCheckerCatches(t *testing.T) {
	fsys := afero.NewMemMapFs()
	files := map[string]string{
		"public/index.html": `<!doctype html><title>x</title><h1 id=top>x</h1>
<a href=/a/>a</a> <a href=/a/#sec>a sec</a> <a href=#top>top</a> <a href="/a/index.html#sec">a</a>
<a href=https://kb.example.org/a/>abs</a> <a href=https://other.example/x>ext</a> <a href="mailto:x@example.org?subject=Hi">mail</a>
<a href=/missing/>missing</a> <a href=/a/#nope>bad fragment</a> <a href=#gone>bad local</a>
<a href=https://kb.example.org/gone/>abs missing</a> <img src=/img.png alt=""> <a href=b.txt>rel</a>
<form data-index=/search/x.json></form>`,
		"public/a/index.html": `<!doctype html><title>a</title><section id=sec>s</section><a href=../>up</a><a href=../missing.css>bad rel</a>`,
		"public/sitemap.xml":  `<urlset><url><loc>https://kb.example.org/a/</loc></url><url><loc>https://kb.example.org/nowhere/</loc></url></urlset>`,
		"public/b.txt":        "b",
	}
	for name, data := range files {
		afero.WriteFile(fsys, "/"+name, []byte(data), 0o666)
	}
	c := newLinkChecker(fsys, "public", "https://kb.example.org/")
	if err := c.run(); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(c.broken, "\n")
	want := []string{
		`public/index.html: <a href="/missing/">: no page /missing/ (public/missing/index.html)`,
		`public/index.html: <a href="/a/#nope">: no id "nope" in public/a/index.html`,
		`public/index.html: <a href="#gone">: no id "gone" in public/index.html`,
		`public/index.html: <a href="https://kb.example.org/gone/">: no page /gone/ (public/gone/index.html)`,
		`public/index.html: <img src="/img.png">: no file /img.png (public/img.png)`,
		`public/a/index.html: <a href="../missing.css">: no file /missing.css (public/missing.css)`,
		`public/index.html: <form data-index="/search/x.json">: no file /search/x.json (public/search/x.json)`,
		`public/sitemap.xml: <loc>https://kb.example.org/nowhere/</loc>: no page /nowhere/ (public/nowhere/index.html)`,
	}
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("not reported: %s", w)
		}
	}
	if len(c.broken) != len(want) {
		t.Errorf("reported %d broken links; want %d:\n%s", len(c.broken), len(want), got)
	}
	if !slices.Equal(c.external, []string{"https://other.example/x", "mailto:x@example.org"}) {
		t.Errorf("external links = %q", c.external)
	}
}

// linkChecker checks the links of a built site in fsys under dir.
type linkChecker struct {
	fsys     afero.Fs
	dir      string
	base     *url.URL
	ids      map[string]map[string]bool // page file → its ids
	broken   []string
	external []string
	pages    int
	checked  int
}

func newLinkChecker(fsys afero.Fs, dir, baseURL string) *linkChecker {
	base, err := url.Parse(baseURL)
	if err != nil {
		panic(err)
	}
	return &linkChecker{fsys: fsys, dir: dir, base: base, ids: make(map[string]map[string]bool)}
}

// linkAttrs are the attributes that hold a URL the browser follows or loads,
// or that the site's scripts load (the search index and script).
var linkAttrs = []string{"href", "src", "action", "formaction", "poster", "data", "data-index", "data-script"}

func (c *linkChecker) run() error {
	var pages []string
	err := afero.Walk(c.fsys, "/"+c.dir, func(p string, info fs.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if !info.IsDir() && path.Ext(p) == ".html" {
			pages = append(pages, strings.TrimPrefix(p, "/"))
		}
		return nil
	})
	if err != nil {
		return err
	}
	slices.Sort(pages)
	external := make(map[string]bool)
	for _, page := range pages {
		c.pages++
		doc, err := c.parse(page)
		if err != nil {
			return err
		}
		// The page's own URL: public/a/b/index.html is /a/b/.
		self := "/" + strings.TrimPrefix(page, c.dir+"/")
		self = strings.TrimSuffix(self, "index.html")
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				for _, a := range n.Attr {
					what := fmt.Sprintf("<%s %s=%q>", n.Data, a.Key, a.Val)
					if !slices.Contains(linkAttrs, a.Key) {
						continue
					}
					if ext := c.check(page, self, what, a.Val); ext != "" {
						external[ext] = true
					}
				}
			}
			for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
				walk(ch)
			}
		}
		walk(doc)
	}
	if data, err := afero.ReadFile(c.fsys, "/"+c.dir+"/sitemap.xml"); err == nil {
		var sm struct {
			Locs []string `xml:"url>loc"`
		}
		if err := xml.Unmarshal(data, &sm); err != nil {
			c.broken = append(c.broken, fmt.Sprintf("%s/sitemap.xml: %v", c.dir, err))
		}
		for _, loc := range sm.Locs {
			c.check(c.dir+"/sitemap.xml", "/", "<loc>"+loc+"</loc>", loc)
		}
	}
	for ext := range external {
		c.external = append(c.external, ext)
	}
	slices.Sort(c.external)
	return nil
}

// check resolves the link v found in page (whose URL path is self) and
// records it as broken if it leads nowhere. It returns v when v leaves the
// site.
func (c *linkChecker) check(page, self, what, v string) string {
	u, err := url.Parse(strings.TrimSpace(v))
	if err != nil {
		c.broken = append(c.broken, fmt.Sprintf("%s: %s: %v", page, what, err))
		return ""
	}
	switch {
	case u.Scheme == "mailto" || u.Scheme == "tel":
		return u.Scheme + ":" + u.Opaque // without the prefilled subject and body
	case u.Scheme == "data":
		return ""
	case u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https":
		c.broken = append(c.broken, fmt.Sprintf("%s: %s: scheme %s", page, what, u.Scheme))
		return ""
	case u.Host != "" && u.Host != c.base.Host:
		return v
	}
	c.checked++
	var p string
	switch {
	case u.Host != "":
		p = cmp.Or(u.Path, "/")
	case u.Path == "":
		p = self // a fragment of the page itself
	default:
		p = (&url.URL{Path: self}).ResolveReference(&url.URL{Path: u.Path}).Path
	}
	file := path.Join(c.dir, p)
	if strings.HasSuffix(p, "/") {
		file = path.Join(file, "index.html")
		if ok, _ := afero.Exists(c.fsys, "/"+file); !ok {
			c.broken = append(c.broken, fmt.Sprintf("%s: %s: no page %s (%s)", page, what, p, file))
			return ""
		}
	} else if fi, err := c.fsys.Stat("/" + file); err != nil {
		c.broken = append(c.broken, fmt.Sprintf("%s: %s: no file %s (%s)", page, what, p, file))
		return ""
	} else if fi.IsDir() {
		file = path.Join(file, "index.html")
		if ok, _ := afero.Exists(c.fsys, "/"+file); !ok {
			c.broken = append(c.broken, fmt.Sprintf("%s: %s: no page %s/ (%s)", page, what, p, file))
			return ""
		}
	}
	if u.Fragment == "" {
		return ""
	}
	if path.Ext(file) != ".html" {
		c.broken = append(c.broken, fmt.Sprintf("%s: %s: a #fragment into %s, which is not a page", page, what, file))
		return ""
	}
	ids, err := c.idsOf(file)
	if err != nil {
		c.broken = append(c.broken, fmt.Sprintf("%s: %s: %v", page, what, err))
		return ""
	}
	if !ids[u.Fragment] {
		c.broken = append(c.broken, fmt.Sprintf("%s: %s: no id %q in %s", page, what, u.Fragment, file))
	}
	return ""
}

func (c *linkChecker) parse(file string) (*html.Node, error) {
	data, err := afero.ReadFile(c.fsys, "/"+file)
	if err != nil {
		return nil, err
	}
	return html.Parse(strings.NewReader(string(data)))
}

// idsOf returns the ids (and <a name>s) of a page.
func (c *linkChecker) idsOf(file string) (map[string]bool, error) {
	if ids, ok := c.ids[file]; ok {
		return ids, nil
	}
	doc, err := c.parse(file)
	if err != nil {
		return nil, err
	}
	ids := make(map[string]bool)
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				if a.Key == "id" || (a.Key == "name" && n.Data == "a") {
					ids[a.Val] = true
				}
			}
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(doc)
	c.ids[file] = ids
	return ids, nil
}
