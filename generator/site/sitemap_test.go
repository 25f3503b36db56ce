package site_test

import (
	"encoding/xml"
	"strings"
	"testing"

	"kbgen/generator/internal/sitetest"
	"kbgen/generator/jsonld"
	"kbgen/generator/markdown"
	"kbgen/generator/site"
)

type urlset struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc     string `xml:"loc"`
		Lastmod string `xml:"lastmod"`
	} `xml:"url"`
}

// The sitemap lists the pages Pages makes that search engines should find,
// each with the page's own lastmod; past the limit of one file it becomes
// an index of several, each within the limit, that together list the same.
func TestSitemaps(t *testing.T) {
	articles := sitetest.Generated(t, 120)
	s := jsonld.Site{Name: "KB", BaseURL: "https://kb.example.org/"}
	pages, err := site.Pages(articles, markdown.New(), site.Config{Site: s})
	if err != nil {
		t.Fatal(err)
	}
	want := make(map[string]string) // address → lastmod
	for _, p := range pages {
		fm := p.FrontMatter
		if fm.Sitemap != nil && fm.Sitemap.Disable || fm.Build != nil {
			continue
		}
		want[s.Abs(fm.URL)] = fm.Lastmod // the home page's URL is "": the root
	}
	if len(want) != len(articles)+1+countProducts(pages) {
		t.Fatalf("%d pages to list for %d articles", len(want), len(articles))
	}

	files := site.Sitemaps(articles, s, site.MaxSitemapURLs)
	if len(files) != 1 {
		t.Fatalf("%d files; want sitemap.xml alone", len(files))
	}
	checkURLs(t, "sitemap.xml", files["sitemap.xml"], want)

	// Split: at most 50 addresses a file.
	files = site.Sitemaps(articles, s, 50)
	var index struct {
		XMLName  xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
		Sitemaps []struct {
			Loc     string `xml:"loc"`
			Lastmod string `xml:"lastmod"`
		} `xml:"sitemap"`
	}
	if err := xml.Unmarshal(files["sitemap.xml"], &index); err != nil {
		t.Fatalf("sitemap.xml is not a sitemap index: %v", err)
	}
	if n := (len(want) + 49) / 50; len(index.Sitemaps) != n || len(files) != n+1 {
		t.Fatalf("%d sitemaps in the index, %d files; want %d and %d", len(index.Sitemaps), len(files), n, n+1)
	}
	got := make(map[string]string)
	for _, sm := range index.Sitemaps {
		name := strings.TrimPrefix(sm.Loc, "https://kb.example.org/")
		var part urlset
		if err := xml.Unmarshal(files[name], &part); err != nil {
			t.Fatalf("%s (%s): %v", name, sm.Loc, err)
		}
		if len(part.URLs) > 50 {
			t.Errorf("%s lists %d addresses; want at most 50", name, len(part.URLs))
		}
		newest := ""
		for _, u := range part.URLs {
			got[u.Loc] = u.Lastmod
			newest = max(newest, u.Lastmod)
		}
		if sm.Lastmod != newest {
			t.Errorf("%s: lastmod %s in the index; want its newest, %s", name, sm.Lastmod, newest)
		}
	}
	if len(got) != len(want) {
		t.Errorf("the split sitemaps list %d addresses; want %d", len(got), len(want))
	}
	for loc, lastmod := range want {
		if got[loc] != lastmod {
			t.Errorf("split: %s: lastmod %q; want %q", loc, got[loc], lastmod)
		}
	}
}

// An address is escaped as XML text: a base URL may hold & or '.
func TestSitemapEscapes(t *testing.T) {
	articles := sitetest.Generated(t, 1)
	files := site.Sitemaps(articles, jsonld.Site{BaseURL: "https://kb.example.org/a&b'c/"}, site.MaxSitemapURLs)
	var u urlset
	if err := xml.Unmarshal(files["sitemap.xml"], &u); err != nil {
		t.Fatal(err)
	}
	if len(u.URLs) == 0 || u.URLs[0].Loc != "https://kb.example.org/a&b'c/" {
		t.Errorf("first address %+v; want the base URL as given", u.URLs)
	}
}

func checkURLs(t *testing.T, name string, data []byte, want map[string]string) {
	t.Helper()
	var u urlset
	if err := xml.Unmarshal(data, &u); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(u.URLs) != len(want) {
		t.Errorf("%s lists %d addresses; want %d", name, len(u.URLs), len(want))
	}
	for _, e := range u.URLs {
		lastmod, ok := want[e.Loc]
		if !ok {
			t.Errorf("%s lists %s, which is not a page to list", name, e.Loc)
		} else if e.Lastmod != lastmod || lastmod == "" {
			t.Errorf("%s: %s: lastmod %q; want the page's, %q", name, e.Loc, e.Lastmod, lastmod)
		}
	}
}

func countProducts(pages []site.Page) int {
	n := 0
	for _, p := range pages {
		if _, ok := p.FrontMatter.KB.(site.ProductView); ok {
			n++
		}
	}
	return n
}
