package site_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/spf13/afero"

	"kbgen/generator/internal/sitetest"
	"kbgen/generator/jsonld"
	"kbgen/generator/kb"
	"kbgen/generator/load"
	"kbgen/generator/markdown"
	"kbgen/generator/site"
)

// pageSet is a set of articles whose pages the tests make.
type pageSet struct {
	name     string
	articles []*kb.Article
	support  site.Support
}

// pageSets are the real articles and a generated corpus (codes, notes,
// warnings, empty FAQs, code blocks), with and without a support contact
// (the escalation is then null).
func pageSets(t *testing.T) []pageSet {
	n := 300
	if testing.Short() {
		n = 40
	}
	generated := sitetest.Generated(t, n)
	real, errs := load.Check(afero.NewBasePathFs(afero.NewOsFs(), "../.."), "content")
	if err := errs.Err(); err != nil {
		t.Fatal(err)
	}
	return []pageSet{
		{"corpus", generated, site.Support{}},
		{"real articles", real, site.Support{Label: "Contact support", Email: "help@example.org"}},
		{"corpus with a support page", generated[:min(len(generated), 30)], site.Support{Label: "Contact us", URL: "https://example.org/help?a=1&b=<2>"}},
	}
}

var (
	testMD   = markdown.New()
	testSite = jsonld.Site{Name: "Fix <It> & Co", BaseURL: "https://kb.example.org/", Description: "Errors & fixes"}
)

// Every page's front matter, written by hand for articles, is what an
// encoding/json Encoder without HTML escapes writes: the real articles and
// a generated corpus (codes, notes, warnings, empty FAQs, code blocks),
// with and without a support contact (the escalation is then null).
func TestAppendJSONIsEncodingJSON(t *testing.T) {
	for _, set := range pageSets(t) {
		pages, err := site.Pages(set.articles, testMD, site.Config{Site: testSite, SearchManifest: "/search-index.json", Support: set.support, Related: kb.Related(set.articles)})
		if err != nil {
			t.Fatal(err)
		}
		articles := 0
		for _, p := range pages {
			if _, ok := p.FrontMatter.KB.(site.ArticleView); ok {
				articles++
			}
			var want bytes.Buffer
			enc := json.NewEncoder(&want)
			enc.SetEscapeHTML(false)
			if err := enc.Encode(p.FrontMatter); err != nil {
				t.Fatal(err)
			}
			got, err := p.FrontMatter.AppendJSON(nil)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want.Bytes()) {
				i := 0
				for i < min(len(got), want.Len()) && got[i] == want.Bytes()[i] {
					i++
				}
				t.Fatalf("%s: %s differs at byte %d:\n got …%s…\nwant …%s…", set.name, p.Path, i,
					got[max(0, i-80):min(len(got), i+80)], want.Bytes()[max(0, i-80):min(want.Len(), i+80)])
			}
		}
		if articles != len(set.articles) {
			t.Errorf("%s: %d article pages written by hand, for %d articles", set.name, articles, len(set.articles))
		}
	}
}
