package jsonld_test

import (
	"encoding/json"
	"flag"
	"os"
	"slices"
	"strings"
	"testing"
)

var vocabSource = flag.String("vocab", "", "schema.org JSON-LD vocabulary to extract testdata/schemaorg-terms.json from (../../../shared/schemaorg/schemaorg-all-https-30.0.jsonld)")

const vocabFile = "testdata/schemaorg-terms.json"

// vocabulary is the part of schema.org the tests check against: every
// class with its parents, every property with the classes it applies to.
type vocabulary struct {
	Version    string              `json:"version"`
	Classes    map[string][]string `json:"classes"`    // class → direct superclasses
	Properties map[string][]string `json:"properties"` // property → domainIncludes
}

func loadVocabulary(t *testing.T) *vocabulary {
	t.Helper()
	data, err := os.ReadFile(vocabFile)
	if err != nil {
		t.Fatal(err)
	}
	var v vocabulary
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Classes) < 500 || len(v.Properties) < 1000 {
		t.Fatalf("%s holds %d classes and %d properties; it is not the schema.org vocabulary", vocabFile, len(v.Classes), len(v.Properties))
	}
	return &v
}

// isA reports whether class is typ or one of its descendants.
func (v *vocabulary) isA(class, typ string) bool {
	if class == typ {
		return true
	}
	for _, p := range v.Classes[class] {
		if v.isA(p, typ) {
			return true
		}
	}
	return false
}

// allows reports whether prop may be used on an object of class.
func (v *vocabulary) allows(class, prop string) bool {
	return slices.ContainsFunc(v.Properties[prop], func(domain string) bool { return v.isA(class, domain) })
}

// TestExtractVocabulary rewrites testdata/schemaorg-terms.json from the
// full vocabulary when -vocab names it; otherwise it only checks the
// extracted file is there.
func TestExtractVocabulary(t *testing.T) {
	if *vocabSource == "" {
		loadVocabulary(t)
		return
	}
	data, err := os.ReadFile(*vocabSource)
	if err != nil {
		t.Fatal(err)
	}
	var src struct {
		Graph []map[string]any `json:"@graph"`
	}
	if err := json.Unmarshal(data, &src); err != nil {
		t.Fatal(err)
	}
	ids := func(v any) []string {
		var out []string
		switch v := v.(type) {
		case map[string]any:
			out = append(out, strings.TrimPrefix(v["@id"].(string), "schema:"))
		case []any:
			for _, e := range v {
				out = append(out, strings.TrimPrefix(e.(map[string]any)["@id"].(string), "schema:"))
			}
		}
		return out
	}
	out := vocabulary{Version: "30.0", Classes: map[string][]string{}, Properties: map[string][]string{}}
	for _, n := range src.Graph {
		id := strings.TrimPrefix(n["@id"].(string), "schema:")
		var types []string
		switch tt := n["@type"].(type) {
		case string:
			types = []string{tt}
		case []any:
			for _, e := range tt {
				types = append(types, e.(string))
			}
		}
		switch {
		case slices.Contains(types, "rdf:Property"):
			out.Properties[id] = ids(n["schema:domainIncludes"])
		case slices.Contains(types, "rdfs:Class"):
			parents := []string{}
			for _, p := range ids(n["rdfs:subClassOf"]) {
				if !strings.Contains(p, ":") {
					parents = append(parents, p)
				}
			}
			out.Classes[id] = parents
		}
	}
	enc, err := json.MarshalIndent(out, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(vocabFile, append(enc, '\n'), 0o666); err != nil {
		t.Fatal(err)
	}
}
