package jsonld_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"kbgen/generator/internal/sitetest"
	"kbgen/generator/jsonld"
	"kbgen/generator/markdown"
	"kbgen/generator/site"
)

// encodingJSON is what Marshal wrote until session 7: encoding/json's
// Encoder, HTML-safe, without the final newline.
func encodingJSON(t *testing.T, v any) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSpace(buf.Bytes())
}

// TestMarshalIsEncodingJSON holds the hand-written encoder to encoding/json's
// bytes: the graphs of every real article and of 300 generated ones (their
// product pages too), and a graph of odd values (text to escape, nil lists
// and maps, numbers and types only encoding/json knows).
func TestMarshalIsEncodingJSON(t *testing.T) {
	all := graphs(t)
	articles := sitetest.Generated(t, 300)
	md := markdown.New()
	var items []jsonld.ListItem
	for _, a := range articles {
		crumbs := []jsonld.Crumb{{Name: "Home", Path: "/"}, {Name: a.Product.Src, Path: "/" + a.ProductSlug + "/"}, {Name: site.CrumbName(a), Path: a.URL()}}
		all["generated "+a.URL()] = jsonld.Article(ldSite, a, md, crumbs)
		items = append(items, jsonld.ListItem{Name: a.DisplayTitle(), Path: a.URL()})
	}
	all["collection"] = jsonld.Collection(ldSite, "P <&>", "D \u2028", "/p/", []jsonld.Crumb{{Name: "Home", Path: "/"}}, items)
	all["empty collection"] = jsonld.Collection(ldSite, "P", "", "/p/", nil, nil)
	all["odd values"] = &jsonld.Graph{Context: "https://schema.org", Graph: []jsonld.Node{
		{"text": "</script><!-- & \"q\" \\ \u2028\u2029 \x00\x1f \xff tab\t é 😀", "n": -12, "ok": true, "no": false},
		{"nil node": jsonld.Node(nil), "nil list": []jsonld.Node(nil), "nil strings": []string(nil), "nil any": nil},
		{"strings": []string{"a", "<b>"}, "anys": []any{1, "x", jsonld.Node{"k": "v"}, []any{}}, "nodes": []jsonld.Node{{}, {"z": 1, "a": 2}}},
		{"float": 1.5, "map": map[string]string{"b": "<", "a": "&"}, "uint": uint8(7), "keys": jsonld.Node{"é": 1, "e": 2, "E": 3, "@id": 4, "": 5}},
	}}
	for name, g := range all {
		got, err := g.Marshal()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if want := encodingJSON(t, g); !bytes.Equal(got, want) {
			t.Errorf("%s: Marshal wrote\n%s\nencoding/json writes\n%s", name, got, want)
		}
	}
	if len(all) < 300 {
		t.Fatalf("only %d graphs compared", len(all))
	}
}

// TestAppendArticleIsArticle holds the article graph written directly to
// the graph's own encoding, byte for byte: over the real articles and 300
// generated ones, with and without a breadcrumb, with a site that has no
// image or logo, and one whose names need escaping.
func TestAppendArticleIsArticle(t *testing.T) {
	articles := append(realArticles(t), sitetest.Generated(t, 300)...)
	odd := ldSite
	odd.Name, odd.Language, odd.Publisher.Name = `KB "<&>" `+"\u2028", "fr-CA", "Ünïcode & Co </script>"
	bare := ldSite
	bare.Image, bare.Publisher.Logo = "", ""
	md := markdown.New()
	compared, faqs := 0, 0
	for _, s := range []jsonld.Site{ldSite, odd, bare} {
		for _, a := range articles {
			full := []jsonld.Crumb{{Name: "Home", Path: "/"}, {Name: a.Product.Src, Path: "/" + a.ProductSlug + "/"}, {Name: site.CrumbName(a), Path: a.URL()}}
			for _, crumbs := range [][]jsonld.Crumb{full, nil} {
				want, err := jsonld.Article(s, a, md, crumbs).Marshal()
				if err != nil {
					t.Fatal(err)
				}
				if got := jsonld.AppendArticle([]byte("x"), s, a, md, crumbs); string(got) != "x"+string(want) {
					t.Fatalf("%s (site %q, %d crumbs): AppendArticle wrote\n%s\nArticle's graph is\n%s", a.URL(), s.Name, len(crumbs), got[1:], want)
				}
				compared++
				if len(a.FAQ) > 0 {
					faqs++
				}
			}
		}
	}
	if compared < 1800 || faqs == 0 || faqs == compared {
		t.Fatalf("compared %d graphs, %d with an FAQ: want articles with and without", compared, faqs)
	}
}
