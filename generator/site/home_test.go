package site_test

import (
	"cmp"
	"slices"
	"strings"
	"testing"

	"kbgen/generator/internal/sitetest"
	"kbgen/generator/jsonld"
	"kbgen/generator/kb"
	"kbgen/generator/markdown"
	"kbgen/generator/site"
)

// The home page lists the NewestCount most recently updated articles,
// newest first and then by URL, picked from a corpus many times larger
// (Pages keeps only the ten as it goes), and the search page lists every
// message from A to Z whatever the case, then by URL.
func TestHomeNewestAndSearchOrder(t *testing.T) {
	articles := sitetest.Generated(t, 300)
	pages, err := site.Pages(articles, markdown.New(), site.Config{Site: jsonld.Site{Name: "KB", BaseURL: "https://kb.example.org/"}})
	if err != nil {
		t.Fatal(err)
	}
	sorted := slices.Clone(articles)
	slices.SortFunc(sorted, func(a, b *kb.Article) int {
		return cmp.Or(-cmp.Compare(a.Updated.String(), b.Updated.String()), cmp.Compare(a.URL(), b.URL()))
	})
	home := pages[0].FrontMatter.KB.(site.HomeView)
	if len(home.Newest) != site.NewestCount {
		t.Fatalf("%d newest; want %d", len(home.Newest), site.NewestCount)
	}
	for i, it := range home.Newest {
		if want := sorted[i].URL(); it.URL != want {
			t.Errorf("newest[%d] = %s; want %s", i, it.URL, want)
		}
	}
	var search site.SearchView
	for _, p := range pages {
		if v, ok := p.FrontMatter.KB.(site.SearchView); ok {
			search = v
		}
	}
	if len(search.Errors) != len(articles) {
		t.Fatalf("search page lists %d messages; want %d", len(search.Errors), len(articles))
	}
	if !slices.IsSortedFunc(search.Errors, func(a, b site.ErrorItem) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.Error), strings.ToLower(b.Error)), cmp.Compare(a.URL, b.URL))
	}) {
		t.Error("the search page's messages are not from A to Z")
	}
}
