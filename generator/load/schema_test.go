package load_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/santhosh-tekuri/jsonschema/v6"
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
