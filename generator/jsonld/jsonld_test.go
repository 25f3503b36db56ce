package jsonld_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"kbgen/generator/internal/golden"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/afero"

	"kbgen/generator/jsonld"
	"kbgen/generator/kb"
	"kbgen/generator/load"
	"kbgen/generator/markdown"
)

var site = jsonld.Site{
	BaseURL:     "https://kb.example.org/",
	Name:        "Troubleshooting Knowledge Base",
	Description: "Fixes for error messages.",
	Language:    "en-US",
	Image:       "social.png",
	Publisher:   jsonld.Publisher{Name: "Example Support", URL: "https://kb.example.org/", Logo: "logo.png"},
}

// graphs returns the graph of every article in content/, and of the home
// page, by golden file name.
func graphs(t *testing.T) map[string]*jsonld.Graph {
	t.Helper()
	root, _ := filepath.Abs("../..")
	articles, errs := load.Check(afero.NewBasePathFs(afero.NewOsFs(), root), "content")
	if err := errs.Err(); err != nil {
		t.Fatal(err)
	}
	md := markdown.New()
	out := map[string]*jsonld.Graph{"home": jsonld.Home(site)}
	for _, a := range articles {
		crumbs := []jsonld.Crumb{{Name: "Home", Path: "/"}, {Name: a.Product.Src, Path: "/" + a.ProductSlug + "/"}, {Name: a.Error.Src, Path: a.URL()}}
		out[a.ProductSlug+"--"+a.Slug] = jsonld.Article(site, a, md, crumbs)
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
	data, err := jsonld.Article(site, a, markdown.New(), nil).Marshal()
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
