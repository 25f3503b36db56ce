package load_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"kbgen/generator/kb"
	"kbgen/generator/load"
)

// TestDocsExampleIsClean: the complete example of docs/writing-articles.md
// is what writers copy to start an article, so it must load with no error
// and pass check --strict: no warning either (a comment after a text field
// draws one).
func TestDocsExampleIsClean(t *testing.T) {
	doc, err := os.ReadFile("../../docs/writing-articles.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(doc), "## A complete example")
	if !ok {
		t.Fatal(`docs/writing-articles.md has no "## A complete example"`)
	}
	_, rest, ok = strings.Cut(rest, "```yaml\n")
	src, _, ok2 := strings.Cut(rest, "\n```")
	if !ok || !ok2 {
		t.Fatal("the complete example has no ```yaml block")
	}
	const file = "content/ios-mail/cannot-verify-server-identity.yaml"
	a, errs := load.File(file, []byte(src+"\n"))
	if a == nil || len(errs) > 0 {
		t.Fatalf("the example does not load:\n%v", errs)
	}
	articles := []*kb.Article{a}
	problems := append(kb.Validate(articles), kb.Warnings(articles, time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC))...)
	for _, p := range problems {
		t.Errorf("the example draws: %v", p)
	}
}
