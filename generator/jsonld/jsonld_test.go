package jsonld_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/afero"

	"kbgen/generator/internal/golden"
	"kbgen/generator/internal/ldcheck"
	"kbgen/generator/internal/sitetest"
	"kbgen/generator/jsonld"
	"kbgen/generator/kb"
	"kbgen/generator/load"
	"kbgen/generator/markdown"
	"kbgen/generator/site"
)

var ldSite = jsonld.Site{
	BaseURL:     "https://kb.example.org/",
	Name:        "Troubleshooting Knowledge Base",
	Description: "Fixes for error messages.",
	Language:    "en-US",
	Image:       "social.png",
	Publisher:   jsonld.Publisher{Name: "Example Support", URL: "https://kb.example.org/", Logo: "logo.png"},
}

// realArticles loads the repository's articles, content/.
func realArticles(t *testing.T) []*kb.Article {
	t.Helper()
	root, _ := filepath.Abs("../..")
	articles, errs := load.Check(afero.NewBasePathFs(afero.NewOsFs(), root), "content")
	if err := errs.Err(); err != nil {
		t.Fatal(err)
	}
	return articles
}

// graphs returns the graph of every article in content/, of each product
// page, and of the home, search and thank-you pages, by golden file name.
// The breadcrumbs are the ones the site shows (site.CrumbName).
func graphs(t *testing.T) map[string]*jsonld.Graph {
	t.Helper()
	articles := realArticles(t)
	md := markdown.New()
	home := jsonld.Crumb{Name: "Home", Path: "/"}
	out := map[string]*jsonld.Graph{
		"home": jsonld.Home(ldSite),
		"search": jsonld.WebPage(ldSite, "SearchResultsPage", "Search", "Search the error messages and fixes.", "/search/",
			[]jsonld.Crumb{home, {Name: "Search", Path: "/search/"}}),
		"thanks": jsonld.WebPage(ldSite, "WebPage", "Thank you", "Thank you for your feedback.", "/thanks/", nil),
	}
	items := map[string][]jsonld.ListItem{}
	for _, a := range articles {
		product := jsonld.Crumb{Name: a.Product.Src, Path: "/" + a.ProductSlug + "/"}
		crumbs := []jsonld.Crumb{home, product, {Name: site.CrumbName(a), Path: a.URL()}}
		out[a.ProductSlug+"--"+a.Slug] = jsonld.Article(ldSite, a, md, crumbs)
		items[a.ProductSlug] = append(items[a.ProductSlug], jsonld.ListItem{Name: md.OneLine(a.DisplayTitle()), Path: a.URL()})
	}
	for _, a := range articles {
		if list := items[a.ProductSlug]; list != nil {
			out["product--"+a.ProductSlug] = jsonld.Collection(ldSite, a.Product.Src, "How to fix the error messages of "+a.Product.Src+".",
				"/"+a.ProductSlug+"/", []jsonld.Crumb{home, {Name: a.Product.Src, Path: "/" + a.ProductSlug + "/"}}, list)
			items[a.ProductSlug] = nil
		}
	}
	return out
}

// TestGolden pins the graph of every article and of the home page, and
// fails on a golden file whose article is gone.
func TestGolden(t *testing.T) {
	all := graphs(t)
	files, _ := filepath.Glob("testdata/*.golden.json")
	for _, f := range files {
		if name := strings.TrimSuffix(filepath.Base(f), ".golden.json"); all[name] == nil {
			t.Errorf("%s has no article any more: delete it", f)
		}
	}
	for name, g := range all {
		t.Run(name, func(t *testing.T) {
			data, err := g.Marshal()
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			json.Indent(&buf, data, "", "  ")
			buf.WriteByte('\n')
			golden.File(t, filepath.Join("testdata", name+".golden.json"), buf.String())
		})
	}
}

// TestVocabulary checks every object of every graph against schema.org
// 30.0: its @type is a class, and each property applies to that class.
func TestVocabulary(t *testing.T) {
	v := loadVocabulary(t)
	for name, g := range graphs(t) {
		data, _ := g.Marshal()
		var doc map[string]any
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		for _, problem := range checkTerms(v, doc["@graph"], "@graph") {
			t.Errorf("%s: %s", name, problem)
		}
	}
}

func checkTerms(v *vocabulary, x any, path string) []string {
	var problems []string
	switch x := x.(type) {
	case []any:
		for i, e := range x {
			problems = append(problems, checkTerms(v, e, fmt.Sprintf("%s[%d]", path, i))...)
		}
	case map[string]any:
		typ, _ := x["@type"].(string)
		if typ == "" {
			if _, ok := x["@id"]; ok && len(x) == 1 {
				return nil // a reference to a node defined elsewhere
			}
			return []string{path + ": no @type"}
		}
		if _, ok := v.Classes[typ]; !ok {
			problems = append(problems, fmt.Sprintf("%s: %q is not a schema.org class", path, typ))
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if strings.HasPrefix(k, "@") {
				continue
			}
			if _, ok := v.Properties[k]; !ok {
				problems = append(problems, fmt.Sprintf("%s: %q is not a schema.org property", path, k))
			} else if !v.allows(typ, k) {
				problems = append(problems, fmt.Sprintf("%s: %q does not apply to %s", path, k, typ))
			}
			problems = append(problems, checkTerms(v, x[k], path+"."+k)...)
		}
	}
	return problems
}

// TestGoogleProperties checks the properties Google requires or recommends
// for the rich results these types can earn (Search Central, 2026-11).
func TestGoogleProperties(t *testing.T) {
	for name, g := range graphs(t) {
		for _, n := range g.Graph {
			var want []string
			switch n["@type"] {
			case "TechArticle":
				want = []string{"headline", "description", "image", "datePublished", "dateModified", "author", "publisher", "mainEntityOfPage"}
				for _, who := range []string{"author", "publisher"} {
					o, _ := n[who].(jsonld.Node)
					if o["name"] == "" || o["url"] == "" || o["name"] == nil || o["url"] == nil {
						t.Errorf("%s: TechArticle.%s has no name and url: %v", name, who, o)
					}
				}
				if len(n["headline"].(string)) > 110 {
					t.Errorf("%s: headline longer than 110 characters", name)
				}
			case "FAQPage":
				want = []string{"mainEntity"}
				for _, q := range n["mainEntity"].([]jsonld.Node) {
					if q["name"] == "" || q["acceptedAnswer"].(jsonld.Node)["text"] == "" {
						t.Errorf("%s: question without name or answer text: %v", name, q)
					}
				}
			case "BreadcrumbList":
				want = []string{"itemListElement"}
				items := n["itemListElement"].([]jsonld.Node)
				if len(items) < 2 {
					t.Errorf("%s: breadcrumb has %d items; want at least 2", name, len(items))
				}
				for i, it := range items {
					if it["position"] != i+1 || it["name"] == "" || !strings.HasPrefix(it["item"].(string), "https://") {
						t.Errorf("%s: breadcrumb item %d = %v", name, i, it)
					}
				}
			case "HowTo":
				want = []string{"name", "step"}
			case "Organization":
				want = []string{"name", "url", "logo"}
			case "WebSite":
				want = []string{"name", "url"}
			}
			for _, p := range want {
				if n[p] == nil || n[p] == "" {
					t.Errorf("%s: %s has no %s", name, n["@type"], p)
				}
			}
		}
	}
}

func TestMarshalCannotCloseTheScript(t *testing.T) {
	a := &kb.Article{
		File: "content/x/y.yaml", ProductSlug: "x", Slug: "y",
		Error:   kb.Text{Src: "</script><script>alert(1)</script>"},
		Product: kb.Text{Src: "X"},
		Summary: kb.Text{Src: "a <!-- b"},
		FAQ:     []kb.QA{{Q: kb.Text{Src: "</script>?"}, A: kb.Text{Src: "<script>x</script>"}}},
	}
	data, err := jsonld.Article(ldSite, a, markdown.New(), nil).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte("<")) || bytes.Contains(data, []byte(">")) {
		t.Errorf("Marshal() output contains < or >: %s", data)
	}
}

func TestAnswerHTML(t *testing.T) {
	for in, want := range map[string]string{
		`<p>Use <code>imap.example.com</code> and <strong>993</strong>.</p>`:                                  `<p>Use imap.example.com and <strong>993</strong>.</p>`,
		`<p><a href="https://x.test/" title="t">x</a></p>`:                                                    `<p><a href="https://x.test/">x</a></p>`,
		`<div class="highlight"><pre class="chroma"><code><span class="k">a &lt; b</span></code></pre></div>`: `<div>a &lt; b</div>`,
	} {
		if got := jsonld.AnswerHTML(in); got != want {
			t.Errorf("AnswerHTML(%s) = %s; want %s", in, got, want)
		}
	}
}

func TestVocabularyCheckCatchesMistakes(t *testing.T) {
	v := loadVocabulary(t)
	bad := map[string]any{
		"@type":    "TechArticle",
		"headline": "x",
		"stpes":    "typo",
		"acceptedAnswer": map[string]any{ // a Question's property, not an article's
			"@type": "Answr", "text": "x",
		},
	}
	got := checkTerms(v, bad, "n")
	want := []string{
		`n: "acceptedAnswer" does not apply to TechArticle`,
		`n.acceptedAnswer: "Answr" is not a schema.org class`,
		`n.acceptedAnswer: "text" does not apply to Answr`,
		`n: "stpes" is not a schema.org property`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("checkTerms (-want +got):\n%s", diff)
	}
}

// pageURL is the address of the page whose graph graphs names name.
func pageURL(name string) string {
	switch {
	case name == "home":
		return ldSite.Abs("/")
	case name == "search", name == "thanks":
		return ldSite.Abs("/" + name + "/")
	case strings.HasPrefix(name, "product--"):
		return ldSite.Abs("/" + strings.TrimPrefix(name, "product--") + "/")
	}
	product, slug, _ := strings.Cut(name, "--")
	return ldSite.Abs("/" + product + "/" + slug + "/")
}

// TestGraphsAreWhole checks every graph, of the real articles, of 300
// generated ones and of every other kind of page, with ldcheck: each @id
// it points at is defined in it (the WebSite and the Organization too), it
// has one page node, at the page's URL, and no empty text or list.
func TestGraphsAreWhole(t *testing.T) {
	all := map[string]string{} // name → URL
	graphsByName := graphs(t)
	for name := range graphsByName {
		all[name] = pageURL(name)
	}
	articles := sitetest.Generated(t, 300)
	md := markdown.New()
	faq := 0
	for _, a := range articles {
		crumbs := []jsonld.Crumb{{Name: "Home", Path: "/"}, {Name: a.Product.Src, Path: "/" + a.ProductSlug + "/"}, {Name: site.CrumbName(a), Path: a.URL()}}
		name := "generated " + a.URL()
		graphsByName[name], all[name] = jsonld.Article(ldSite, a, md, crumbs), ldSite.Abs(a.URL())
		if len(a.FAQ) > 0 {
			faq++
		}
	}
	if faq == 0 || faq == len(articles) {
		t.Fatalf("%d of %d generated articles have an FAQ; want some of each", faq, len(articles))
	}
	graphsByName["empty collection"], all["empty collection"] = jsonld.Collection(ldSite, "P", "", "/p/", nil, nil), ldSite.Abs("/p/")
	for name, url := range all {
		data, err := graphsByName[name].Marshal()
		if err != nil {
			t.Fatal(err)
		}
		_, problems := ldcheck.Graph(data, url)
		for _, p := range problems {
			t.Errorf("%s: %s", name, p)
		}
	}
}

// TestArticlePageNode checks how an article's nodes hang together: the
// page is one node, an FAQPage whose mainEntity is the questions when the
// article has an FAQ and a WebPage otherwise; the TechArticle is its main
// entity, the HowTo part of it, and the breadcrumb its breadcrumb.
func TestArticlePageNode(t *testing.T) {
	withFAQ, without := 0, 0
	for name, g := range graphs(t) {
		if name == "home" || name == "search" || name == "thanks" || strings.HasPrefix(name, "product--") {
			continue
		}
		url := pageURL(name)
		byType := map[string]jsonld.Node{}
		for _, n := range g.Graph {
			byType[n["@type"].(string)] = n
		}
		p := byType["FAQPage"]
		if p == nil {
			without++
			p = byType["WebPage"]
			if p == nil || p["mainEntity"] != nil {
				t.Errorf("%s: page node %v; want a WebPage without a mainEntity", name, p)
				continue
			}
		} else {
			withFAQ++
			if byType["WebPage"] != nil {
				t.Errorf("%s: both a WebPage and an FAQPage", name)
			}
			qs, _ := p["mainEntity"].([]jsonld.Node)
			if len(qs) == 0 || qs[0]["@type"] != "Question" {
				t.Errorf("%s: FAQPage.mainEntity = %v; want the questions", name, p["mainEntity"])
			}
		}
		ref := func(n jsonld.Node, prop string) any {
			r, _ := n[prop].(jsonld.Node)
			return r["@id"]
		}
		if p["@id"] != url || p["url"] != url || ref(p, "breadcrumb") != url+"#breadcrumb" || ref(p, "isPartOf") != ldSite.Abs("/")+"#website" {
			t.Errorf("%s: page node %v", name, p)
		}
		if got := ref(byType["TechArticle"], "mainEntityOfPage"); got != url {
			t.Errorf("%s: TechArticle.mainEntityOfPage = %v; want %s", name, got, url)
		}
		if got := ref(byType["HowTo"], "isPartOf"); got != url {
			t.Errorf("%s: HowTo.isPartOf = %v; want %s", name, got, url)
		}
	}
	if withFAQ == 0 || without == 0 {
		t.Errorf("%d articles with an FAQ and %d without; the test wants both", withFAQ, without)
	}
}

// TestLDCheckCatchesMistakes feeds ldcheck the graphs the generator made
// before they were whole: an article's page pointing at a WebSite defined
// only on the home page, described twice (a WebPage and an FAQPage at
// #faq), and the search page as a collection of nothing.
func TestLDCheckCatchesMistakes(t *testing.T) {
	const url = "https://kb.example.org/p/a/"
	article := `{"@context":"https://schema.org","@graph":[
		{"@id":"` + url + `#article","@type":"TechArticle","headline":"H",
		 "mainEntityOfPage":{"@id":"` + url + `","@type":"WebPage","url":"` + url + `","isPartOf":{"@id":"https://kb.example.org/#website"}}},
		{"@id":"` + url + `#faq","@type":"FAQPage","url":"` + url + `","mainEntity":[{"@type":"Question","name":"Q?"}]}]}`
	_, got := ldcheck.Graph([]byte(article), url)
	want := []string{
		`@graph[1]: a FAQPage at @id "` + url + `#faq", url ` + url + `, on the page ` + url,
		`2 page nodes ["` + url + `" "` + url + `#faq"]; want one`,
		`@graph[0].mainEntityOfPage.isPartOf → https://kb.example.org/#website is not defined in the graph`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("article (-want +got):\n%s", diff)
	}
	const search = "https://kb.example.org/search/"
	collection := `{"@context":"https://schema.org","@graph":[{"@id":"` + search + `","@type":"CollectionPage","url":"` + search + `","name":"Search","description":"",
		"mainEntity":{"@type":"ItemList","itemListElement":[],"numberOfItems":0}}]}`
	_, got = ldcheck.Graph([]byte(collection), search)
	want = []string{
		`@graph[0].description is empty`,
		`@graph[0].mainEntity: an ItemList of no items`,
		`@graph[0].mainEntity.itemListElement is an empty list`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("search page (-want +got):\n%s", diff)
	}
}

// TestPageTypes holds ldcheck's list of page types to the vocabulary:
// WebPage and every class below it.
func TestPageTypes(t *testing.T) {
	v := loadVocabulary(t)
	var want []string
	for c := range v.Classes {
		if v.isA(c, "WebPage") {
			want = append(want, c)
		}
	}
	sort.Strings(want)
	if diff := cmp.Diff(want, ldcheck.PageTypes); diff != "" {
		t.Errorf("ldcheck.PageTypes (-vocabulary +list):\n%s", diff)
	}
}

// TestAnswerLinksAreAbsolute: an answer's links to a fix ("#online") or to
// another page ("/app/other/") work on the page, but a reader of the
// JSON-LD alone (an answer engine, a validator) has no page to resolve
// them against: the graph holds them absolute.
func TestAnswerLinksAreAbsolute(t *testing.T) {
	const src = `error: Cannot connect
product: App
updated: 2026-11-28
summary: Check the network.
causes: [{id: offline, text: No network.}]
fixes: [{id: online, title: Go online, steps: [Turn off airplane mode.], solves: [offline]}]
faq:
  - q: What else?
    a: See [the fix](#online), [another error](/app/other/#faq), [a checker](https://x.test/a) or [mail us](mailto:help@x.test).
`
	a, errs := load.File("content/app/cannot-connect.yaml", []byte(src))
	if a == nil || len(errs) > 0 {
		t.Fatalf("load: %v", errs)
	}
	g := jsonld.Article(ldSite, a, markdown.New(), nil)
	qs, _ := g.Graph[0]["mainEntity"].([]jsonld.Node)
	if len(qs) != 1 {
		t.Fatalf("mainEntity = %v; want one question", g.Graph[0]["mainEntity"])
	}
	text, _ := qs[0]["acceptedAnswer"].(jsonld.Node)["text"].(string)
	for _, want := range []string{
		`<a href="https://kb.example.org/app/cannot-connect/#online">the fix</a>`,
		`<a href="https://kb.example.org/app/other/#faq">another error</a>`,
		`<a href="https://x.test/a">a checker</a>`,
		`<a href="mailto:help@x.test">mail us</a>`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("answer text lacks %s:\n%s", want, text)
		}
	}
}

// TestHowToSectionsAreTheFixesAsShown: a section is named as the fix's
// heading reads, note included (the seed's "(Temporary Fix)", which says
// the fix does not last), and holds the warning the page shows before the
// steps (what resetting the network settings erases).
func TestHowToSectionsAreTheFixesAsShown(t *testing.T) {
	g := graphs(t)["ios-mail--cannot-verify-server-identity"]
	sections := map[string]jsonld.Node{}
	for _, n := range g.Graph {
		if n["@type"] != "HowTo" {
			continue
		}
		for _, s := range n["step"].([]jsonld.Node) {
			sections[s["url"].(string)] = s
		}
	}
	url := pageURL("ios-mail--cannot-verify-server-identity")
	if got, want := sections[url+"#accept-certificate"]["name"], "Fix 1: Accept the Server Certificate (Temporary Fix)"; got != want {
		t.Errorf("section accept-certificate: name %q; want %q", got, want)
	}
	want := "Warning: This action will reset Wi-Fi networks and passwords, cellular settings, and VPN/APN settings to factory defaults. No data will be lost."
	if got := sections[url+"#reset-network-settings"]["description"]; got != want {
		t.Errorf("section reset-network-settings: description %q; want %q", got, want)
	}
	if d, ok := sections[url+"#verify-account-settings"]["description"]; ok {
		t.Errorf("section verify-account-settings has no warning, but a description %q", d)
	}
}
