package export_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"kbgen/generator/internal/golden"
	"maps"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/spf13/afero"
	"github.com/yuin/goldmark"
	gmhtml "github.com/yuin/goldmark/renderer/html"

	"kbgen/generator/export"
	"kbgen/generator/jsonld"
	"kbgen/generator/kb"
	"kbgen/generator/load"
	"kbgen/generator/markdown"
)

var site = jsonld.Site{BaseURL: "https://kb.example.org/", Name: "Troubleshooting Knowledge Base", Description: "Fixes for error messages."}

func articles(t *testing.T) []*kb.Article {
	t.Helper()
	root, _ := filepath.Abs("../..")
	as, errs := load.Check(afero.NewBasePathFs(afero.NewOsFs(), root), "content")
	if err := errs.Err(); err != nil {
		t.Fatal(err)
	}
	return as
}

func seed(t *testing.T, as []*kb.Article) *kb.Article {
	for _, a := range as {
		if a.URL() == "/ios-mail/cannot-verify-server-identity/" {
			return a
		}
	}
	t.Fatal("no seed article")
	return nil
}

// TestSeedGolden pins what support agents paste and what tools read for the
// seed article: the reply, one fix's reply, and the Markdown copy.
func TestSeedGolden(t *testing.T) {
	md := markdown.New()
	a := seed(t, articles(t))
	url := site.Abs(a.URL())
	golden.File(t, "testdata/seed-reply.golden.txt", export.Reply(a, md, url))
	golden.File(t, "testdata/seed-fix-reply.golden.txt", export.FixReply(a, a.FixesAt(kb.Advanced)[0], 1, md, url))
	golden.File(t, "testdata/seed.golden.md", export.Markdown(a, md, url))
}

// TestReplyShowsAddresses: a reader of a pasted reply cannot follow a link
// they do not see, so a link's address follows its text (the shipped
// Chrome article's step links SSL Labs).
func TestReplyShowsAddresses(t *testing.T) {
	md := markdown.New()
	for _, a := range articles(t) {
		if a.URL() != "/google-chrome/your-connection-is-not-private/" {
			continue
		}
		replies := export.FixReplies(a, md, site.Abs(a.URL()))
		if r := replies["fix-server-certificate"]; !strings.Contains(r, "SSL Labs (https://www.ssllabs.com/ssltest/)") {
			t.Errorf("the reply of fix-server-certificate does not show the link's address:\n%s", r)
		}
		return
	}
	t.Fatal("no Chrome article")
}

// TestReplyIsPlainText checks a reply has no Markdown or HTML left in it.
func TestReplyIsPlainText(t *testing.T) {
	md := markdown.New()
	for _, a := range articles(t) {
		for i, f := range a.FixesAt(kb.Basic) {
			r := export.FixReply(a, f, i+1, md, site.Abs(a.URL()))
			for _, bad := range []string{"**", "<strong>", "<code>", "&quot;", "&amp;", "](http"} {
				if strings.Contains(r, bad) {
					t.Errorf("%s %s: reply contains %q:\n%s", a.URL(), f.ID.Value, bad, r)
				}
			}
		}
	}
}

// TestAPIMatchesItsSchema validates the catalog and every article's
// document against schema/api.schema.json, and checks that the schema
// tells them apart: an entry with an article's fixes, or a document
// without its causes, is refused.
func TestAPIMatchesItsSchema(t *testing.T) {
	as := articles(t)
	md := markdown.New()
	related := kb.Related(as)
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	sch, err := c.Compile(filepath.Join("..", "..", "schema", "api.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	validate := func(name string, data []byte) error {
		t.Helper()
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return sch.Validate(doc)
	}
	var catalog bytes.Buffer
	if err := export.WriteCatalog(&catalog, as, related, md, site); err != nil {
		t.Fatal(err)
	}
	if err := validate(export.CatalogPath, catalog.Bytes()); err != nil {
		t.Fatalf("%s does not match schema/api.schema.json: %v", export.CatalogPath, err)
	}
	var whole map[string]any
	for _, a := range as {
		data := export.AppendDocument(nil, a, related[a.URL()], md, site, nil)
		if err := validate(export.APIPath(a), data); err != nil {
			t.Fatalf("%s does not match schema/api.schema.json: %v", export.APIPath(a), err)
		}
		if whole == nil {
			if err := json.Unmarshal(data, &whole); err != nil {
				t.Fatal(err)
			}
		}
	}

	// The schema holds each document to its own fields.
	article := whole["article"].(map[string]any)
	var cat map[string]any
	if err := json.Unmarshal(catalog.Bytes(), &cat); err != nil {
		t.Fatal(err)
	}
	cat["articles"] = []any{article}
	delete(article, "causes")
	for name, doc := range map[string]any{"an entry with fixes": cat, "an article without causes": whole} {
		data, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		if validate(name, data) == nil {
			t.Errorf("schema/api.schema.json accepts %s", name)
		}
	}
	golden.File(t, "testdata/llms.golden.txt", string(export.LLMs(as, md, site)))
}

// TestAPIPaths: each article's document is at its own path, named by its
// id, and the catalog's api_url points at it.
func TestAPIPaths(t *testing.T) {
	as := articles(t)
	a := seed(t, as)
	if got, want := export.APIPath(a), "/api/articles/ios-mail/cannot-verify-server-identity.json"; got != want {
		t.Errorf("APIPath = %q, want %q", got, want)
	}
	if got := export.APIPathOf(a.URL()); got != export.APIPath(a) {
		t.Errorf("APIPathOf(%q) = %q, want %q", a.URL(), got, export.APIPath(a))
	}
	// An old address that was never an article's has no API document.
	for _, p := range []string{"/", "/ios-mail/", "/a/b/c/", "/ios-mail/x", "ios-mail/x/"} {
		if got := export.APIPathOf(p); got != "" {
			t.Errorf("APIPathOf(%q) = %q, want \"\"", p, got)
		}
	}
	var catalog bytes.Buffer
	if err := export.WriteCatalog(&catalog, as, kb.Related(as), markdown.New(), site); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Articles []struct {
			ID  string `json:"id"`
			API string `json:"api_url"`
		} `json:"articles"`
	}
	if err := json.Unmarshal(catalog.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Articles) != len(as) {
		t.Fatalf("the catalog lists %d articles of %d", len(doc.Articles), len(as))
	}
	for i, e := range doc.Articles {
		if want := site.Abs(export.APIPath(as[i])); e.API != want || e.ID+".json" != strings.TrimPrefix(export.APIPath(as[i]), "/api/articles/") {
			t.Errorf("entry %d: id %q, api_url %q, want %q", i, e.ID, e.API, want)
		}
	}
}

// TestRelated pins the related articles of the shipped content, and checks
// the rules: at most five, never the article itself.
func TestRelated(t *testing.T) {
	as := articles(t)
	rel := kb.Related(as)
	var b strings.Builder
	for _, a := range as {
		b.WriteString(a.URL() + "\n")
		if len(rel[a.URL()]) > kb.MaxRelated {
			t.Errorf("%s has %d related articles", a.URL(), len(rel[a.URL()]))
		}
		for _, r := range rel[a.URL()] {
			if r == a {
				t.Errorf("%s is related to itself", a.URL())
			}
			b.WriteString("  " + r.URL() + "\n")
		}
	}
	golden.File(t, "testdata/related.golden.txt", b.String())
}

// FixReplies, which makes the article's part once, gives each fix what
// FixReply gives it.
func TestFixRepliesAreFixReply(t *testing.T) {
	md := markdown.New()
	n := 0
	for _, a := range articles(t) {
		url := site.Abs(a.URL())
		replies := export.FixReplies(a, md, url)
		if len(replies) != len(a.Fixes) {
			t.Errorf("%s: %d replies for %d fixes", a.URL(), len(replies), len(a.Fixes))
		}
		for _, level := range []kb.Level{kb.Basic, kb.Advanced} {
			for i, f := range a.FixesAt(level) {
				n++
				if got, want := replies[f.ID.Value], export.FixReply(a, f, i+1, md, url); got != want {
					t.Errorf("%s %s:\n%s\nwant\n%s", a.URL(), f.ID.Value, got, want)
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no fixes")
	}
}

// TestMarkdownCopiesCarryNoHTML checks that HTML a writer typed, which the
// page shows as text, is escaped in the Markdown copy and in llms.txt, so
// that a tool rendering them as Markdown does not run it; in code it stays
// as written.
func TestMarkdownCopiesCarryNoHTML(t *testing.T) {
	const src = `title: T <img src=x onerror=alert(8)>
error: Cannot connect
product: App
updated: 2026-11-28
summary: Check <b>the</b> network, or type ` + "`<br>`" + `.
causes: [{id: offline, text: "No <script>alert(1)</script> network."}]
fixes: [{id: online, title: Go <i>online</i>, steps: [Turn off <u>airplane</u> mode.], solves: [offline]}]
faq: [{q: Why <em>me</em>?, a: "Because <a href=javascript:alert(2)>this</a>. \\` + "`" + `<img src=x onerror=alert(3)>` + "`" + `"}]
codes: ["0x1` + "`" + `<img src=x onerror=alert(4)>"]
`
	a, errs := load.File("content/app/cannot-connect.yaml", []byte(src))
	if a == nil || len(errs) > 0 {
		t.Fatalf("load: %v", errs)
	}
	md := markdown.New()
	copy := export.Markdown(a, md, site.Abs(a.URL()))
	llms := string(export.LLMs([]*kb.Article{a}, md, site))
	// As a tool that renders Markdown with raw HTML let through would.
	tool := goldmark.New(goldmark.WithRendererOptions(gmhtml.WithUnsafe()))
	for name, text := range map[string]string{"index.md": copy, "llms.txt": llms} {
		var out strings.Builder
		if err := tool.Convert([]byte(text), &out); err != nil {
			t.Fatal(err)
		}
		for _, tag := range []string{"<img", "<b>", "<script", "<i>", "<u>", "<em>", "<a href=javascript"} {
			if strings.Contains(out.String(), tag) {
				t.Errorf("%s, rendered, has %s:\n%s", name, tag, out.String())
			}
		}
	}
	if !strings.Contains(copy, "type `<br>`.") {
		t.Errorf("index.md: the code span lost its text:\n%s", copy)
	}
}

// TestLongFixesStayOneList: from step 10 on, a step's marker ("10. ") is
// four characters wide, and so must be the indentation of the step's other
// lines, or a code block in it, and every later step, fall out of the list
// (CommonMark). The reply lines its steps up the same way.
func TestLongFixesStayOneList(t *testing.T) {
	var steps strings.Builder
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&steps, "      - Step %d.\n", i)
	}
	src := `error: Cannot connect
product: App
updated: 2026-11-28
summary: Check the network.
causes: [{id: offline, text: No network.}]
fixes:
  - id: online
    title: Go online
    solves: [offline]
    steps:
` + steps.String() + `      - |
        Run this:

        ` + "```sh" + `
        ping example.org
        ` + "```" + `

        Then read the output.
      - Step 11.
`
	a, errs := load.File("content/app/cannot-connect.yaml", []byte(src))
	if a == nil || len(errs) > 0 {
		t.Fatalf("load: %v", errs)
	}
	md := markdown.New()
	copy := export.Markdown(a, md, site.Abs(a.URL()))
	var out strings.Builder
	if err := goldmark.New().Convert([]byte(copy), &out); err != nil {
		t.Fatal(err)
	}
	html := out.String()
	start, end := strings.Index(html, "<ol>"), strings.LastIndex(html, "</ol>")
	if start < 0 || end < start || strings.Count(html, "<ol>") != 1 {
		t.Fatalf("index.md, rendered, has %d numbered lists; want one:\n%s", strings.Count(html, "<ol>"), html)
	}
	list := html[start:end]
	if n := strings.Count(list, "<li>"); n != 11 {
		t.Errorf("index.md, rendered: the list has %d steps; want 11:\n%s", n, html)
	}
	if !strings.Contains(list, "<pre>") || !strings.Contains(list, "Then read the output.") {
		t.Errorf("index.md, rendered: step 10's code block and text are not in the list:\n%s", html)
	}
	reply := export.FixReply(a, a.FixesAt(kb.Basic)[0], 1, md, site.Abs(a.URL()))
	if !strings.Contains(reply, "10. Run this:\n    \n    ping example.org\n    \n    Then read the output.\n11. Step 11.\n") {
		t.Errorf("the reply does not line step 10 up under its text:\n%s", reply)
	}
}

// TestMarkdownLinksAreWhole: the Markdown copy is read away from its page
// (a ticket, a chat, a model's context), where a link to an anchor or a
// site path leads nowhere: they are made whole, other links and code are
// left as written.
func TestMarkdownLinksAreWhole(t *testing.T) {
	md := markdown.New()
	a := seed(t, articles(t))
	const page = "https://kb.example.org/ios-mail/cannot-verify-server-identity/"
	a.Summary.Src = "Try [Fix 1](#accept-certificate) or [Chrome's](/google-chrome/your-connection-is-not-private/ \"Chrome\"); " +
		"see [SSL Labs](https://www.ssllabs.com/ssltest/) and ![the screen](/screens/a.png). Not `[Fix 1](#accept-certificate)` nor ``[x](#y)``."
	got := export.Markdown(a, md, page)
	for _, want := range []string{
		"[Fix 1](" + page + "#accept-certificate)",
		`[Chrome's](https://kb.example.org/google-chrome/your-connection-is-not-private/ "Chrome")`,
		"[SSL Labs](https://www.ssllabs.com/ssltest/)",
		"![the screen](https://kb.example.org/screens/a.png)",
		"`[Fix 1](#accept-certificate)`", // code shows what was typed, even a link the text has too
		"``[x](#y)``",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the Markdown copy lacks %q:\n%s", want, got[:min(len(got), 900)])
		}
	}
}

// TestLLMsKeepsTheWritersEscapes: llms.txt is Markdown, and the texts it
// lists are plain (escapes resolved): written as they are, "\*\*as is\*\*"
// became bold and an escaped link a live one. Read back, each line's
// description is the summary's text.
func TestLLMsKeepsTheWritersEscapes(t *testing.T) {
	md := markdown.New()
	a := seed(t, articles(t))
	a.Summary.Src = `Type \*\*as is\*\* or \[not a link\](https://evil.test), <b>, AT&amp;T and &amp;lt; \_x\_ ` + "\\`code\\`."
	llms := string(export.LLMs([]*kb.Article{a}, md, site))
	var line string
	for l := range strings.Lines(llms) {
		if strings.HasPrefix(l, "- [") {
			line = strings.TrimSpace(l)
		}
	}
	_, desc, ok := strings.Cut(line, "): ")
	if !ok {
		t.Fatalf("no article line in llms.txt:\n%s", llms)
	}
	if html := md.HTML(desc); strings.Contains(html, "<strong>") || strings.Contains(html, "<a ") || strings.Contains(html, "<code>") || strings.Contains(html, "<em>") {
		t.Errorf("the description renders as markup: %s", html)
	}
	if got, want := md.OneLine(desc), md.OneLine(a.Summary.Src); got != want {
		t.Errorf("the description reads back as %q; want the summary's text %q", got, want)
	}
}

// Replies gives what Reply and FixReplies make, makes them once per
// article and address, and a nil *Replies makes them every time.
func TestRepliesAreMadeOnce(t *testing.T) {
	md := markdown.New()
	r := &export.Replies{}
	var none *export.Replies
	for _, a := range articles(t) {
		url := site.Abs(a.URL())
		if got, want := r.Reply(a, md, url), export.Reply(a, md, url); got != want {
			t.Errorf("%s: Replies.Reply differs from Reply", a.File)
		}
		fixes := r.Fixes(a, md, url)
		if !maps.Equal(fixes, export.FixReplies(a, md, url)) || !maps.Equal(none.Fixes(a, md, url), fixes) {
			t.Errorf("%s: Replies.Fixes differs from FixReplies", a.File)
		}
		fixes["x"] = "marked"
		if r.Fixes(a, md, url)["x"] != "marked" {
			t.Errorf("%s: the replies were made again", a.File)
		}
		if other := r.Fixes(a, md, url+"?moved"); other["x"] == "marked" {
			t.Errorf("%s: the replies of another address were not made for it", a.File)
		}
		if none.Fixes(a, md, url)["x"] == "marked" {
			t.Errorf("%s: a nil Replies kept what it made", a.File)
		}
	}
}
