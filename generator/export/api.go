package export

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"kbgen/generator/internal/jsonw"
	"kbgen/generator/jsonld"
	"kbgen/generator/kb"
	"kbgen/generator/markdown"
)

// APIVersion is the version of the API's documents (/api/articles.json and
// /api/articles/<id>.json); schema/api.schema.json describes them. Add
// fields freely; change or remove one only with a new version.
//
// Version 2 split version 1's single document, which held every article
// whole (240 MB at 10,000 articles, all of it changed, so uploaded again,
// by any edit), into a catalog of every article's head and one document
// per article.
const APIVersion = 2

// CatalogPath is the catalog's path on the site.
const CatalogPath = "/api/articles.json"

// APIPath is the path on the site of a's API document,
// /api/articles/<product-slug>/<error-slug>.json.
func APIPath(a *kb.Article) string {
	return "/api/articles/" + articleID(a) + ".json"
}

// APIPathOf is the path of the API document an article at page path p
// (/<product>/<error>/) has, or "" when p is not such a path: for an
// article's old addresses (aliases), whose documents redirect to the
// article's.
func APIPathOf(p string) string {
	rest, ok := strings.CutPrefix(p, "/")
	if !ok || !strings.HasSuffix(rest, "/") || strings.Count(rest, "/") != 2 {
		return ""
	}
	return "/api/articles/" + strings.TrimSuffix(rest, "/") + ".json"
}

// Catalog is the document at /api/articles.json: every article's head,
// in URL order, each with the address of its whole record (api_url).
type Catalog struct {
	Version  int        `json:"version"`
	Site     string     `json:"site"`
	Articles []APIEntry `json:"articles"`
}

// APIDocument is the document at APIPath: one article whole.
type APIDocument struct {
	Version int        `json:"version"`
	Site    string     `json:"site"`
	Article APIArticle `json:"article"`
}

// APIEntry is what the catalog says of an article: everything but its
// causes, fixes and questions. Text fields are given both as the writer's
// Markdown and as plain text.
type APIEntry struct {
	ID        string   `json:"id"` // <product-slug>/<error-slug>
	URL       string   `json:"url"`
	Title     string   `json:"title"`
	Error     string   `json:"error"`
	Codes     []string `json:"codes"`
	Product   APIRef   `json:"product"`
	Platforms []string `json:"platforms"`
	AppliesTo []string `json:"applies_to"`
	Tags      []string `json:"tags"`
	Published string   `json:"published"`
	Updated   string   `json:"updated"`
	Summary   APIText  `json:"summary"`
	Related   []string `json:"related"` // ids of related articles, best first
	API       string   `json:"api_url"`
	Markdown  string   `json:"markdown_url"`
	Reply     string   `json:"reply_url"`
}

// APIArticle is one article as structured data: its entry, then its
// causes, fixes and questions.
type APIArticle struct {
	APIEntry
	Causes []APICause `json:"causes"`
	Fixes  []APIFix   `json:"fixes"`
	FAQ    []APIQA    `json:"faq"`
}

// APICause is a cause.
type APICause struct {
	ID   string  `json:"id"`
	URL  string  `json:"url"`
	Text APIText `json:"text"`
}

// APIRef names a product.
type APIRef struct {
	Name string `json:"name"`
	Slug string `json:"slug"`
	URL  string `json:"url"`
}

// APIText is a text field in both forms.
type APIText struct {
	Markdown string `json:"markdown"`
	Text     string `json:"text"`
}

// APIFix is a fix with its steps.
type APIFix struct {
	ID        string    `json:"id"`
	URL       string    `json:"url"`
	Label     string    `json:"label"`
	Level     string    `json:"level"`
	Title     APIText   `json:"title"`
	Note      *APIText  `json:"note,omitempty"`
	Warning   *APIText  `json:"warning,omitempty"`
	AppliesTo []string  `json:"applies_to"`
	Solves    []string  `json:"solves"`
	Steps     []APIStep `json:"steps"`
	Reply     string    `json:"reply"` // the plain text of FixReply
}

// APIStep is one step.
type APIStep struct {
	ID   string  `json:"id"`
	URL  string  `json:"url"`
	Text APIText `json:"text"`
}

// APIQA is a question and its answer.
type APIQA struct {
	ID       string  `json:"id"`
	URL      string  `json:"url"`
	Question APIText `json:"question"`
	Answer   APIText `json:"answer"`
}

func apiText(md *markdown.Renderer, src string) APIText {
	return APIText{Markdown: src, Text: md.Text(src)}
}

func optText(md *markdown.Renderer, t kb.Text) *APIText {
	if t.IsZero() {
		return nil
	}
	at := apiText(md, t.Src)
	return &at
}

func strs(ts []kb.Text) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Src
	}
	return out
}

func articleID(a *kb.Article) string { return a.ProductSlug + "/" + a.Slug }

// WriteCatalog writes the catalog to w, an article at a time: the bytes
// encoding/json would write for the Catalog value.
func WriteCatalog(w io.Writer, articles []*kb.Article, related map[string][]*kb.Article, md *markdown.Renderer, site jsonld.Site) error {
	head, err := json.Marshal(Catalog{Version: APIVersion, Site: site.BaseURL, Articles: []APIEntry{}})
	if err != nil {
		return err
	}
	// head ends with the empty list's "[]}": the articles go between.
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.Write(head[:len(head)-2])
	var buf []byte
	for i, a := range articles {
		x := apiEntry(a, related[a.URL()], md, site)
		if i > 0 {
			buf = append(buf[:0], ',')
		} else {
			buf = buf[:0]
		}
		buf = x.appendJSON(buf)
		if _, err := bw.Write(buf); err != nil {
			return err
		}
	}
	bw.WriteString("]}\n")
	return bw.Flush()
}

// AppendDocument appends a's API document to b: the bytes encoding/json
// writes for its APIDocument, and a newline. Its fixes' replies come from
// r (nil: made here).
func AppendDocument(b []byte, a *kb.Article, related []*kb.Article, md *markdown.Renderer, site jsonld.Site, r *Replies) []byte {
	x := apiArticle(a, related, md, site, r)
	b = append(b, `{"version":`...)
	b = strconv.AppendInt(b, APIVersion, 10)
	b = append(b, `,"site":`...)
	b = jsonw.AppendString(b, site.BaseURL)
	b = append(b, `,"article":`...)
	b = x.appendJSON(b)
	return append(b, "}\n"...)
}

// escapeMarkdown writes plain text as Markdown that reads back as the same
// text: the characters that could start markup (emphasis, code, a link, an
// HTML tag, an entity) get a backslash. The text of a field has its
// writer's escapes resolved ("\*as is\*" is "*as is*"), so written into
// Markdown as it is, it would become the markup the writer escaped.
func escapeMarkdown(s string) string {
	if !strings.ContainsAny(s, "\\`*_[]<>&") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' && i > 0 && i+1 < len(s) && alnum(s[i-1]) && alnum(s[i+1]) {
			b.WriteByte(c) // inside a word (ERR_CONNECTION): never emphasis
			continue
		}
		switch c {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '&':
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func alnum(c byte) bool { return c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'z' }

// LLMs returns /llms.txt: the knowledge base's index for language models,
// after the llms.txt convention: a title, a summary, then sections of links
// with a short description each, pointing at the Markdown copies.
func LLMs(articles []*kb.Article, md *markdown.Renderer, site jsonld.Site) []byte {
	var b strings.Builder
	b.Grow(len(articles) * 256)
	fmt.Fprintf(&b, "# %s\n\n> %s\n\n", site.Name, site.Description)
	fmt.Fprintf(&b, "Each article covers one error message: its exact text, causes, step-by-step fixes and an FAQ. "+
		"Links point at Markdown copies; every article's structured data is listed at %s.\n", site.Abs(CatalogPath))
	product := ""
	for _, a := range articles { // in URL order, so grouped by product
		if a.Product.Src != product {
			product = a.Product.Src
			fmt.Fprintf(&b, "\n## %s\n\n", escapeMarkdown(product))
		}
		fmt.Fprintf(&b, "- [%s](%s): %s\n", escapeMarkdown(md.OneLine(a.DisplayTitle())), site.Abs(a.URL()+"index.md"), escapeMarkdown(md.OneLine(a.Summary.Src)))
	}
	return []byte(b.String())
}

// apiEntry is the catalog's view of a.
func apiEntry(a *kb.Article, related []*kb.Article, md *markdown.Renderer, site jsonld.Site) APIEntry {
	url := site.Abs(a.URL())
	x := APIEntry{
		ID: articleID(a), URL: url, Title: md.OneLine(a.DisplayTitle()), Error: a.Error.Src,
		Codes: strs(a.Codes), Platforms: strs(a.Platforms), AppliesTo: strs(a.AppliesTo), Tags: strs(a.Tags),
		Product:   APIRef{Name: a.Product.Src, Slug: a.ProductSlug, URL: site.Abs("/" + a.ProductSlug + "/")},
		Published: a.PublishedDate().String(), Updated: a.Updated.String(),
		Summary:  apiText(md, a.Summary.Src),
		Related:  []string{},
		API:      site.Abs(APIPath(a)),
		Markdown: url + "index.md",
		Reply:    url + "reply.txt",
	}
	for _, r := range related {
		x.Related = append(x.Related, articleID(r))
	}
	return x
}

// apiArticle is the API's view of a.
func apiArticle(a *kb.Article, related []*kb.Article, md *markdown.Renderer, site jsonld.Site, r *Replies) APIArticle {
	x := APIArticle{APIEntry: apiEntry(a, related, md, site), FAQ: []APIQA{}, Fixes: []APIFix{}}
	url := x.URL
	for _, c := range a.Causes {
		x.Causes = append(x.Causes, APICause{c.ID.Value, url + "#" + c.ID.Value, apiText(md, c.Text.Src)})
	}
	replies := r.Fixes(a, md, url)
	for _, level := range []kb.Level{kb.Basic, kb.Advanced} {
		for i, f := range a.FixesAt(level) {
			fx := APIFix{
				ID: f.ID.Value, URL: url + "#" + f.ID.Value, Label: kb.FixLabel(level, i+1), Level: string(level),
				Title: apiText(md, f.Title.Src), Note: optText(md, f.Note), Warning: optText(md, f.Warning),
				AppliesTo: strs(f.AppliesTo), Solves: []string{}, Reply: replies[f.ID.Value],
			}
			for _, r := range f.Solves {
				fx.Solves = append(fx.Solves, r.Value)
			}
			for j, s := range f.Steps {
				id := f.StepAnchor(j)
				fx.Steps = append(fx.Steps, APIStep{ID: id, URL: url + "#" + id, Text: apiText(md, s.Src)})
			}
			x.Fixes = append(x.Fixes, fx)
		}
	}
	for _, q := range a.FAQ {
		id := q.Anchor()
		x.FAQ = append(x.FAQ, APIQA{ID: id, URL: url + "#" + id, Question: apiText(md, q.Q.Src), Answer: apiText(md, q.A.Src)})
	}
	return x
}

// appendJSON appends x as encoding/json writes it (TestAPIEncoderMatchesJSON
// holds the two together): reflection over 10,000 articles' fields was
// most of the exports' time.
func (x *APIEntry) appendJSON(b []byte) []byte {
	return append(x.appendFields(b), '}')
}

// appendFields appends x's opening brace and fields, for the entry and
// for the article, which goes on after them.
func (x *APIEntry) appendFields(b []byte) []byte {
	b = append(b, `{"id":`...)
	b = jsonw.AppendString(b, x.ID)
	b = append(b, `,"url":`...)
	b = jsonw.AppendString(b, x.URL)
	b = append(b, `,"title":`...)
	b = jsonw.AppendString(b, x.Title)
	b = append(b, `,"error":`...)
	b = jsonw.AppendString(b, x.Error)
	b = append(b, `,"codes":`...)
	b = jsonw.AppendStrings(b, x.Codes)
	b = append(b, `,"product":{"name":`...)
	b = jsonw.AppendString(b, x.Product.Name)
	b = append(b, `,"slug":`...)
	b = jsonw.AppendString(b, x.Product.Slug)
	b = append(b, `,"url":`...)
	b = jsonw.AppendString(b, x.Product.URL)
	b = append(b, `},"platforms":`...)
	b = jsonw.AppendStrings(b, x.Platforms)
	b = append(b, `,"applies_to":`...)
	b = jsonw.AppendStrings(b, x.AppliesTo)
	b = append(b, `,"tags":`...)
	b = jsonw.AppendStrings(b, x.Tags)
	b = append(b, `,"published":`...)
	b = jsonw.AppendString(b, x.Published)
	b = append(b, `,"updated":`...)
	b = jsonw.AppendString(b, x.Updated)
	b = append(b, `,"summary":`...)
	b = x.Summary.appendJSON(b)
	b = append(b, `,"related":`...)
	b = jsonw.AppendStrings(b, x.Related)
	b = append(b, `,"api_url":`...)
	b = jsonw.AppendString(b, x.API)
	b = append(b, `,"markdown_url":`...)
	b = jsonw.AppendString(b, x.Markdown)
	b = append(b, `,"reply_url":`...)
	return jsonw.AppendString(b, x.Reply)
}

// appendJSON appends x as encoding/json writes it.
func (x *APIArticle) appendJSON(b []byte) []byte {
	b = x.APIEntry.appendFields(b)
	b = append(b, `,"causes":`...)
	if x.Causes == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, c := range x.Causes {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendIDURL(b, c.ID, c.URL)
			b = append(b, `,"text":`...)
			b = c.Text.appendJSON(b)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = append(b, `,"fixes":`...)
	b = jsonw.AppendArray(b, x.Fixes, (*APIFix).appendJSON)
	b = append(b, `,"faq":`...)
	b = jsonw.AppendArray(b, x.FAQ, func(q *APIQA, b []byte) []byte {
		b = appendIDURL(b, q.ID, q.URL)
		b = append(b, `,"question":`...)
		b = q.Question.appendJSON(b)
		b = append(b, `,"answer":`...)
		b = q.Answer.appendJSON(b)
		return append(b, '}')
	})
	return append(b, '}')
}

func (f *APIFix) appendJSON(b []byte) []byte {
	b = appendIDURL(b, f.ID, f.URL)
	b = append(b, `,"label":`...)
	b = jsonw.AppendString(b, f.Label)
	b = append(b, `,"level":`...)
	b = jsonw.AppendString(b, f.Level)
	b = append(b, `,"title":`...)
	b = f.Title.appendJSON(b)
	if f.Note != nil {
		b = append(b, `,"note":`...)
		b = f.Note.appendJSON(b)
	}
	if f.Warning != nil {
		b = append(b, `,"warning":`...)
		b = f.Warning.appendJSON(b)
	}
	b = append(b, `,"applies_to":`...)
	b = jsonw.AppendStrings(b, f.AppliesTo)
	b = append(b, `,"solves":`...)
	b = jsonw.AppendStrings(b, f.Solves)
	b = append(b, `,"steps":`...)
	b = jsonw.AppendArray(b, f.Steps, func(s *APIStep, b []byte) []byte {
		b = appendIDURL(b, s.ID, s.URL)
		b = append(b, `,"text":`...)
		b = s.Text.appendJSON(b)
		return append(b, '}')
	})
	b = append(b, `,"reply":`...)
	b = jsonw.AppendString(b, f.Reply)
	return append(b, '}')
}

func (t *APIText) appendJSON(b []byte) []byte {
	b = append(b, `{"markdown":`...)
	start := len(b)
	b = jsonw.AppendString(b, t.Markdown)
	end := len(b)
	b = append(b, `,"text":`...)
	if t.Text == t.Markdown {
		// Text without markup is its own plain text (most steps and
		// answers): escaped once, written twice.
		b = append(b, b[start:end]...)
	} else {
		b = jsonw.AppendString(b, t.Text)
	}
	return append(b, '}')
}

// appendIDURL opens an object with its id and url.
func appendIDURL(b []byte, id, url string) []byte {
	b = append(b, `{"id":`...)
	b = jsonw.AppendString(b, id)
	b = append(b, `,"url":`...)
	return jsonw.AppendString(b, url)
}
