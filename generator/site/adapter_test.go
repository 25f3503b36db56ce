package site_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/mitchellh/mapstructure"

	"kbgen/generator/kb"
	"kbgen/generator/site"
)

// hashable is what Hugo's change detection calls instead of walking a
// value (hashstructure.Hashable).
type hashable interface{ Hash() (uint64, error) }

// paramsBothWays returns a page's .Params as Hugo gets them from params
// (copied into a map as its content adapter does, with mapstructure) and
// as it gets them from the page's JSON front matter (encoding/json).
func paramsBothWays(t *testing.T, p site.Page, params any) (got, want map[string]any) {
	t.Helper()
	b, err := p.FrontMatter.AppendJSON(nil)
	if err != nil {
		t.Fatal(err)
	}
	var fm map[string]any
	if err := json.Unmarshal(b, &fm); err != nil {
		t.Fatal(err)
	}
	want = make(map[string]any)
	for _, k := range []string{"meta", "breadcrumb", "kb"} {
		if v, ok := fm[k]; ok {
			want[k] = v
		}
	}
	got = make(map[string]any)
	if err := mapstructure.WeakDecode(params, &got); err != nil {
		t.Fatal(err)
	}
	return got, want
}

// An article's .Params handed to Hugo as Go values are what Hugo makes of
// its JSON front matter: the values encoding/json decodes (Hugo's
// front-matter decoder), copied into a map as Hugo's content adapter
// copies a struct (mapstructure). Each page's hash differs from the
// others'.
func TestHugoParamsAreTheFrontMatter(t *testing.T) {
	for _, set := range pageSets(t) {
		pages, err := site.Pages(set.articles, testMD, site.Config{Site: testSite, SearchManifest: "/search-index.json", Support: set.support, Related: kb.Related(set.articles)})
		if err != nil {
			t.Fatal(err)
		}
		hashes := make(map[uint64]string)
		articles := 0
		for _, p := range pages {
			if !p.IsArticle() {
				continue
			}
			articles++
			params := p.HugoParams()
			got, want := paramsBothWays(t, p, params)
			if !reflect.DeepEqual(got, want) {
				for k := range want {
					if !reflect.DeepEqual(got[k], want[k]) {
						t.Fatalf("%s: %s: %s differs:\n got %#v\nwant %#v", set.name, p.Path, k, got[k], want[k])
					}
				}
				t.Fatalf("%s: %s: keys differ: got %v", set.name, p.Path, reflect.ValueOf(got).MapKeys())
			}
			h, err := params.(hashable).Hash()
			if err != nil {
				t.Fatal(err)
			}
			if other, ok := hashes[h]; ok {
				t.Errorf("%s: %s has the hash of %s", set.name, p.Path, other)
			}
			hashes[h] = p.Path
			again, _ := p.HugoParams().(hashable).Hash()
			if again != h {
				t.Errorf("%s: %s: hash %x, then %x", set.name, p.Path, h, again)
			}
		}
		if articles != len(set.articles) {
			t.Errorf("%s: %d article pages, for %d articles", set.name, articles, len(set.articles))
		}
	}
}

// The odd values: invalid UTF-8 (encoding/json decodes each bad byte as
// U+FFFD), nil and empty lists (null and []), no breadcrumb (the key is
// left out), no escalation, a fix without a next one. And a change
// anywhere changes the hash.
func TestHugoParamsOddValues(t *testing.T) {
	page := func(s string) site.Page {
		return site.Page{Path: "a/p/x/index.md", FrontMatter: site.FrontMatter{
			Title: "x",
			Meta:  site.Meta{Title: "bad \xff\xfe byte", NoIndex: true},
			KB: site.ArticleView{
				Error:     "cut \xe2\x82",
				Codes:     []string{},
				Platforms: nil,
				Fixes:     []site.Fix{{ID: "f", Number: 3, Steps: []site.Step{}, Reply: s}},
				FAQ:       nil,
			},
		}}
	}
	p := page("a")
	got, want := paramsBothWays(t, p, p.HugoParams())
	if _, ok := want["breadcrumb"]; ok || len(want) != 2 {
		t.Fatalf("the front matter has %d params: %v", len(want), want)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %#v\nwant %#v", got, want)
	}
	h1, _ := p.HugoParams().(hashable).Hash()
	q := page("b")
	h2, _ := q.HugoParams().(hashable).Hash()
	if h1 == h2 {
		t.Error("a fix's reply changed and the hash did not")
	}
	// A value that moves between two keys JSON leaves out when empty.
	q.FrontMatter.Meta.Published = "2026-11-30"
	h3, _ := q.HugoParams().(hashable).Hash()
	q.FrontMatter.Meta.Published, q.FrontMatter.Meta.Modified = "", "2026-11-30"
	h4, _ := q.HugoParams().(hashable).Hash()
	if h3 == h4 || h3 == h2 {
		t.Error("a date moved from published to modified and the hash did not change")
	}
}
