package export

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/spf13/afero"

	"kbgen/generator/corpus"
	"kbgen/generator/jsonld"
	"kbgen/generator/kb"
	"kbgen/generator/load"
	"kbgen/generator/markdown"
)

// TestAPIEncoderMatchesJSON: the API's documents are written by hand and
// must stay byte for byte what encoding/json writes for the API types,
// which schema/api.schema.json and the API's readers were built on. Over
// the shipped articles, 300 generated ones, and the corners the generated
// ones do not reach (nil lists, notes, text that JSON escapes).
func TestAPIEncoderMatchesJSON(t *testing.T) {
	root, _ := filepath.Abs("../..")
	as, errs := load.Check(afero.NewBasePathFs(afero.NewOsFs(), root), "content")
	if err := errs.Err(); err != nil {
		t.Fatal(err)
	}
	for _, f := range corpus.Generate(300, 5).Files {
		a, errs := load.File(f.Path, f.Data)
		if err := errs.Err(); err != nil {
			t.Fatal(err)
		}
		as = append(as, a)
	}
	site := jsonld.Site{BaseURL: "https://kb.example.org/", Name: "KB"}
	md := markdown.New()
	related := kb.Related(as)
	var xs []APIArticle
	catalog := Catalog{Version: APIVersion, Site: site.BaseURL, Articles: []APIEntry{}}
	for _, a := range as {
		x := apiArticle(a, related[a.URL()], md, site, nil)
		xs = append(xs, x)
		catalog.Articles = append(catalog.Articles, x.APIEntry)
		want, err := json.Marshal(APIDocument{Version: APIVersion, Site: site.BaseURL, Article: x})
		if err != nil {
			t.Fatal(err)
		}
		if got := AppendDocument(nil, a, related[a.URL()], md, site, nil); !bytes.Equal(got, append(want, '\n')) {
			t.Fatalf("%s: AppendDocument writes\n%s\nencoding/json writes\n%s", x.ID, got, want)
		}
	}
	odd := xs[0]
	odd.Causes, odd.Codes, odd.Related = nil, nil, nil
	odd.Title = "<b> & \u2028 \"quoted\" \\ \x01 \xff"
	odd.Fixes = append([]APIFix{{Note: &APIText{"n", "n"}, Warning: &APIText{"<w>", "w"}}}, odd.Fixes...)
	for _, x := range append(xs, odd) {
		want, err := json.Marshal(x)
		if err != nil {
			t.Fatal(err)
		}
		if got := x.appendJSON(nil); !bytes.Equal(got, want) {
			t.Fatalf("%s: appendJSON writes\n%s\nencoding/json writes\n%s", x.ID, got, want)
		}
		if want, err = json.Marshal(x.APIEntry); err != nil {
			t.Fatal(err)
		}
		if got := x.APIEntry.appendJSON(nil); !bytes.Equal(got, want) {
			t.Fatalf("%s: the entry's appendJSON writes\n%s\nencoding/json writes\n%s", x.ID, got, want)
		}
	}
	want, err := json.Marshal(catalog)
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := WriteCatalog(&got, as, related, md, site); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), append(want, '\n')) {
		t.Fatal("WriteCatalog does not write what encoding/json writes for the whole catalog")
	}
}
