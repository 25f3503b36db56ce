package site_test

import (
	"cmp"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/spf13/afero"
	"golang.org/x/net/html"

	"kbgen/generator/internal/ldcheck"
	"kbgen/generator/internal/sitetest"
	"kbgen/generator/jsonld"
	"kbgen/generator/kb"
	"kbgen/generator/load"
	"kbgen/generator/markdown"
	"kbgen/generator/site"
)

var ldSite = jsonld.Site{
	BaseURL: "https://kb.example.org/", Name: "Troubleshooting Knowledge Base", Description: "Fixes for error messages.",
	Language: "en-US", Image: "social.png",
	Publisher: jsonld.Publisher{Name: "Example Support", URL: "https://kb.example.org/", Logo: "logo.png"},
}

func TestCrumbName(t *testing.T) {
	for msg, want := range map[string]string{
		"Cannot verify server identity": "Cannot verify server identity",
		// 60 characters: kept whole.
		"This site can't be reached. example.com took too long to res":      "This site can't be reached. example.com took too long to res",
		"This site can't be reached. example.com took too long to respond.": "This site can't be reached. example.com took too long to…",
		"The message could not be sent because connecting to Outgoing server (SMTP) smtp.example.com failed. " +
			"The server may be unavailable or is refusing SMTP connections. Please verify that your Outgoing server (SMTP) settings are correct and try again.": "The message could not be sent because connecting to…",
	} {
		got := site.CrumbName(&kb.Article{Error: kb.Text{Src: msg}})
		if got != want || utf8.RuneCountInString(got) > site.CrumbMax {
			t.Errorf("CrumbName(%.40q…) = %q; want %q, at most %d characters", msg, got, want, site.CrumbMax)
		}
	}
}

// TestPageGraphs checks the structured data of every page site.Pages makes,
// for the real articles and 300 generated ones, with ldcheck (whole, one
// page node at the page's URL, nothing empty), and that its BreadcrumbList
// is the page's breadcrumb, name for name, when the page shows one, and
// absent when it does not.
func TestPageGraphs(t *testing.T) {
	real, errs := load.Check(afero.NewBasePathFs(afero.NewOsFs(), "../.."), "content")
	if err := errs.Err(); err != nil {
		t.Fatal(err)
	}
	for _, set := range []struct {
		name     string
		articles []*kb.Article
	}{{"real articles", real}, {"corpus", sitetest.Generated(t, 300)}} {
		pages, err := site.Pages(set.articles, markdown.New(), site.Config{Site: ldSite, Related: kb.Related(set.articles)})
		if err != nil {
			t.Fatal(err)
		}
		types := map[string]string{}
		for _, p := range pages {
			fm := p.FrontMatter
			if fm.Meta.JSONLD == "" {
				continue // a/_index.md, never rendered
			}
			url := ldSite.Abs(cmp.Or(fm.URL, "/"))
			graph, problems := ldcheck.Graph([]byte(fm.Meta.JSONLD), url)
			for _, pr := range problems {
				t.Errorf("%s: %s: %s", set.name, p.Path, pr)
			}
			for _, n := range graph {
				if n["@id"] == url {
					types[fm.URL] = n["@type"].(string)
				}
			}
			names, ok := ldcheck.Breadcrumb(graph)
			var visible []string
			for _, l := range fm.Breadcrumb {
				visible = append(visible, l.Name)
			}
			if ok != (len(visible) > 0) || !slices.Equal(names, visible) {
				t.Errorf("%s: %s: BreadcrumbList %q; the page shows %q", set.name, p.Path, names, visible)
			}
			if len(visible) > 0 && utf8.RuneCountInString(visible[len(visible)-1]) > site.CrumbMax {
				t.Errorf("%s: %s: breadcrumb ends with %q, over %d characters", set.name, p.Path, visible[len(visible)-1], site.CrumbMax)
			}
		}
		if types["/search/"] != "SearchResultsPage" || types["/thanks/"] != "WebPage" || types[""] != "WebPage" {
			t.Errorf("%s: the search page is a %q, the thank-you page a %q, the home page a %q", set.name, types["/search/"], types["/thanks/"], types[""])
		}
	}
}

// TestBuiltBreadcrumbs builds the real articles and checks every page as
// published: its one JSON-LD graph passes ldcheck at its canonical URL,
// and the visible breadcrumb and the BreadcrumbList have the same names
// (or neither exists); an article's last item is short, the same on both.
func TestBuiltBreadcrumbs(t *testing.T) {
	root := sitetest.Root(t)
	var src strings.Builder
	err := filepath.WalkDir(filepath.Join(root, "content"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(root, path)
		src.WriteString("-- " + filepath.ToSlash(rel) + " --\n" + string(data))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	s := sitetest.Test(t, src.String())
	checked, long := 0, false
	for f, content := range s.Snapshot("public") {
		if !strings.HasSuffix(f, ".html") || f == "/public/404.html" {
			continue
		}
		doc, err := html.Parse(strings.NewReader(content))
		if err != nil {
			t.Fatal(err)
		}
		var scripts, navs []*html.Node
		var canonical string
		redirect := false
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				switch {
				case n.Data == "script" && attr(n, "type") == "application/ld+json":
					scripts = append(scripts, n)
				case n.Data == "nav" && attr(n, "aria-label") == "Breadcrumb":
					navs = append(navs, n)
				case n.Data == "link" && attr(n, "rel") == "canonical":
					canonical = attr(n, "href")
				case n.Data == "meta" && attr(n, "http-equiv") == "refresh":
					redirect = true
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
		if redirect {
			continue // the page at an old address of an article
		}
		if len(scripts) != 1 || len(navs) > 1 {
			t.Errorf("%s: %d JSON-LD scripts and %d breadcrumbs; want 1 and at most 1", f, len(scripts), len(navs))
			continue
		}
		checked++
		graph, problems := ldcheck.Graph([]byte(scripts[0].FirstChild.Data), canonical)
		for _, p := range problems {
			t.Errorf("%s: %s", f, p)
		}
		names, ok := ldcheck.Breadcrumb(graph)
		var visible []string
		if len(navs) == 1 {
			var items func(n *html.Node)
			items = func(n *html.Node) {
				if n.Type == html.ElementNode && n.Data == "li" {
					visible = append(visible, text(n))
					return
				}
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					items(c)
				}
			}
			items(navs[0])
		}
		if ok != (len(navs) == 1) || !slices.Equal(names, visible) {
			t.Errorf("%s: BreadcrumbList %q; the page shows %q", f, names, visible)
		}
		if len(visible) == 3 {
			last := visible[2]
			if utf8.RuneCountInString(last) > site.CrumbMax {
				t.Errorf("%s: breadcrumb ends with %q, over %d characters", f, last, site.CrumbMax)
			}
			long = long || strings.HasSuffix(last, "…")
		}
	}
	if checked < 10 || !long {
		t.Errorf("%d pages checked, a cut message among their breadcrumbs: %v; want the whole site, with Thunderbird's", checked, long)
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func text(n *html.Node) string {
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
	return strings.Join(strings.Fields(b.String()), " ")
}
