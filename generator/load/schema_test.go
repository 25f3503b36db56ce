package load_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"kbgen/generator/load"
)

// TestSchemaAgreesWithLoader checks the JSON Schema editors use
// (schema/article.schema.json) against the loader: every article in
// content/ is valid for both, and the acceptance case's mistakes (a
// misspelled key, a missing error) are caught by both.
func TestSchemaAgreesWithLoader(t *testing.T) {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	sch, err := c.Compile(filepath.Join("..", "..", "schema", "article.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	articles, _ := filepath.Glob(filepath.Join("..", "..", "content", "*", "*.yaml"))
	if len(articles) == 0 {
		t.Fatal("no articles in content/")
	}
	for _, f := range articles {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(toJSON(t, data)); err != nil {
			t.Errorf("%s: schema rejects a valid article: %v", f, err)
		}
	}

	bad := `error: x
product: App
updated: 2026-11-28
summary: s
causes: [{id: a, text: t}]
fixes: [{id: f, title: T, steps: [s], stpes: [s], level: expert}]
`
	err = sch.Validate(toJSON(t, []byte(bad)))
	if err == nil {
		t.Fatal("schema accepts a misspelled key and a bad level")
	}
	for _, want := range []string{"stpes", "level"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("schema error does not mention %q:\n%v", want, err)
		}
	}
	if err := sch.Validate(toJSON(t, []byte(strings.Replace(bad, "error: x\n", "", 1)))); err == nil || !strings.Contains(err.Error(), "missing property 'error'") {
		t.Errorf("schema does not report the missing error field: %v", err)
	}
}

func toJSON(t *testing.T, data []byte) any {
	t.Helper()
	js, err := yaml.YAMLToJSON(data)
	if err != nil {
		t.Fatal(err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(js))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestSchemaHasTheLoadersFields: the schema editors complete and check
// fields from declares the fields the loader knows, no more and no fewer,
// for an article, a cause, a fix and a question (the loader names them in
// its error for an unknown field), and a step written with its id; an
// article that uses every field is valid for both.
func TestSchemaHasTheLoadersFields(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "schema", "article.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	var schema struct {
		Properties map[string]any `json:"properties"`
		Defs       map[string]struct {
			Properties map[string]struct {
				Items struct {
					OneOf []struct {
						Properties map[string]any `json:"properties"`
					} `json:"oneOf"`
				} `json:"items"`
			} `json:"properties"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(data, &schema); err != nil {
		t.Fatal(err)
	}
	keys := func(m any) []string {
		var ks []string
		switch m := m.(type) {
		case map[string]any:
			for k := range m {
				ks = append(ks, k)
			}
		}
		slices.Sort(ks)
		return ks
	}
	defKeys := func(name string) []string {
		m := map[string]any{}
		for k := range schema.Defs[name].Properties {
			m[k] = nil
		}
		return keys(m)
	}
	_, errs := load.File("content/app/x.yaml", []byte("error: x\nzzz: 1\ncauses: [{id: b, zzz: 1}]\nfixes: [{id: a, zzz: 1}]\nfaq: [{zzz: 1}]\n"))
	known := map[string][]string{}
	for _, e := range errs {
		if _, list, ok := strings.Cut(e.Msg, "known fields are: "); ok {
			field := strings.TrimSuffix(e.Field, "zzz")
			fields := strings.Split(list, ", ")
			slices.Sort(fields)
			known[field] = fields
		}
	}
	for field, def := range map[string][]string{"": keys(schema.Properties), "causes[0].": defKeys("cause"), "fixes[0].": defKeys("fix"), "faq[0].": defKeys("qa")} {
		if !slices.Equal(known[field], def) {
			t.Errorf("%q: the loader knows the fields %v, the schema declares %v", field, known[field], def)
		}
	}
	var step []string
	for _, alt := range schema.Defs["fix"].Properties["steps"].Items.OneOf {
		if alt.Properties != nil {
			m := map[string]any{}
			for k := range alt.Properties {
				m[k] = nil
			}
			step = keys(m)
		}
	}
	if !slices.Equal(step, []string{"id", "text"}) {
		t.Errorf("the schema's step with an id has the fields %v; want id and text", step)
	}

	full := `title: How to Fix "Cannot connect" in App
error: Cannot connect
codes: [0x80070005]
product: App
platforms: [iOS]
applies_to: [iOS 17, iOS 18]
tags: [network]
published: 2026-11-01
updated: 2026-11-28
review_by: 2027-05-28
summary: Turn off airplane mode.
aliases: [/app/cannot-connect-old/]
causes: [{id: offline, text: No network.}]
fixes:
  - id: online
    title: Go online
    note: Quick
    level: basic
    solves: [offline]
    warning: Calls may drop.
    applies_to: [iOS 18]
    steps:
      - Open **Settings**.
      - id: airplane-off
        text: Turn off airplane mode.
faq:
  - q: Why?
    a: Because.
`
	if _, errs := load.File("content/app/cannot-connect.yaml", []byte(full)); len(errs) > 0 {
		t.Fatalf("the loader refuses an article with every field: %v", errs.Err())
	}
	if err := mustCompile(t).Validate(toJSON(t, []byte(full))); err != nil {
		t.Errorf("the schema refuses an article with every field: %v", err)
	}
}

func mustCompile(t *testing.T) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	sch, err := c.Compile(filepath.Join("..", "..", "schema", "article.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	return sch
}
