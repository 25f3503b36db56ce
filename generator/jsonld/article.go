package jsonld

import (
	neturl "net/url"
	"strconv"

	"kbgen/generator/internal/jsonw"
	"kbgen/generator/kb"
	"kbgen/generator/markdown"
)

// Article is the graph of an article page: one node for the page (an
// FAQPage whose mainEntity is the questions when the article has an FAQ,
// as Google's FAQ rich results ask; a WebPage otherwise), the TechArticle
// that is its main entity, the HowTo that is part of it, the breadcrumb,
// the WebSite and the Organization. crumbs are the visible breadcrumb; the
// headline is the visible H1 as plain text.
func Article(s Site, a *kb.Article, md *markdown.Renderer, crumbs []Crumb) *Graph {
	url := s.Abs(a.URL())
	title := md.OneLine(a.DisplayTitle())
	summary := md.OneLine(a.Summary.Src)

	keywords := []string{a.Error.Src}
	for _, c := range a.Codes {
		keywords = append(keywords, c.Src)
	}
	keywords = append(keywords, a.Product.Src)
	for _, t := range a.Tags {
		keywords = append(keywords, t.Src)
	}

	article := Node{
		"@type":            "TechArticle",
		"@id":              url + "#article",
		"headline":         title,
		"description":      summary,
		"datePublished":    date(a.PublishedDate().Time),
		"dateModified":     date(a.Updated.Time),
		"author":           organizationRef(s),
		"publisher":        organizationRef(s),
		"mainEntityOfPage": Node{"@id": url},
		"inLanguage":       s.Language,
		"articleSection":   a.Product.Src,
		"about":            Node{"@type": "Thing", "name": a.Product.Src},
		"keywords":         keywords,
	}
	if s.Image != "" {
		article["image"] = []string{s.Abs(s.Image)}
	}

	// One page, one page node: the FAQ is not a second page at url#faq
	// but what the page's FAQPage node is about.
	pageNode := webPage(s, "WebPage", url, title, "", crumbs)
	if len(a.FAQ) > 0 {
		pageNode["@type"] = "FAQPage"
		pageNode["mainEntity"] = questions(url, a, md)
	}
	return page(s, pageNode, crumbs, article, howTo(url, title, summary, a, md))
}

// howTo lists the fixes, in the page's order (basic, then advanced), as
// sections of steps named with their visible heading, a fix's warning
// their description; each step's url is its anchor on the page.
func howTo(url, title, summary string, a *kb.Article, md *markdown.Renderer) Node {
	var sections []Node
	for _, level := range []kb.Level{kb.Basic, kb.Advanced} {
		for i, f := range a.FixesAt(level) {
			steps := make([]Node, len(f.Steps))
			for j, st := range f.Steps {
				steps[j] = Node{
					"@type":    "HowToStep",
					"position": j + 1,
					"url":      url + "#" + f.StepAnchor(j),
					"text":     md.Text(st.Src),
				}
			}
			// The name is the visible heading, its note included
			// ("(Temporary Fix)"); the warning the page shows before the
			// steps is the section's description.
			name := kb.FixLabel(f.Level, i+1) + ": " + md.OneLine(f.Title.Src)
			if !f.Note.IsZero() {
				name += " (" + md.OneLine(f.Note.Src) + ")"
			}
			section := Node{
				"@type":           "HowToSection",
				"position":        len(sections) + 1,
				"name":            name,
				"url":             url + "#" + f.ID.Value,
				"itemListElement": steps,
			}
			if !f.Warning.IsZero() {
				section["description"] = "Warning: " + md.Text(f.Warning.Src)
			}
			sections = append(sections, section)
		}
	}
	return Node{
		"@type":       "HowTo",
		"@id":         url + "#howto",
		"name":        title,
		"description": summary,
		"isPartOf":    Node{"@id": url},
		"step":        sections,
	}
}

// questions are the FAQ as the page shows it: each question's text and
// its answer reduced to the HTML Google shows, its links made absolute.
func questions(url string, a *kb.Article, md *markdown.Renderer) []Node {
	base, err := neturl.Parse(url)
	if err != nil {
		base = nil
	}
	questions := make([]Node, len(a.FAQ))
	for i, q := range a.FAQ {
		questions[i] = Node{
			"@type": "Question",
			"@id":   url + "#" + q.Anchor(),
			"name":  md.OneLine(q.Q.Src),
			"acceptedAnswer": Node{
				"@type": "Answer",
				"text":  answerHTML(md.Block(q.A.Src), base),
			},
		}
	}
	return questions
}

// AppendArticle appends the bytes Article(s, a, md, crumbs).Marshal()
// writes, without making the graph: each key in the order Marshal sorts
// them, each string escaped by jsonw as Marshal escapes it
// (TestAppendArticleIsArticle holds the two together over the real and
// generated articles). Every article page has one, and the graph's maps,
// made and sorted to be written once, were a third of the allocations of
// making a page (half a gigabyte at 10,000 articles). Article stays the
// readable definition of the graph, which tests walk.
func AppendArticle(b []byte, s Site, a *kb.Article, md *markdown.Renderer, crumbs []Crumb) []byte {
	url := s.Abs(a.URL())
	title := md.OneLine(a.DisplayTitle())
	summary := md.OneLine(a.Summary.Src)
	w := ldWriter{b: append(b, `{"@context":"https://schema.org","@graph":[`...)}

	// The page node: an FAQPage about the questions, or a WebPage.
	typ := "WebPage"
	if len(a.FAQ) > 0 {
		typ = "FAQPage"
	}
	w.open(url, typ)
	if len(crumbs) > 0 {
		w.ref("breadcrumb", url+"#breadcrumb")
	}
	w.str("inLanguage", s.Language)
	w.ref("isPartOf", s.websiteID())
	if len(a.FAQ) > 0 {
		base, err := neturl.Parse(url)
		if err != nil {
			base = nil
		}
		w.key("mainEntity")
		w.b = append(w.b, '[')
		for i, q := range a.FAQ {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			w.open(url+"#"+q.Anchor(), "Question")
			w.key("acceptedAnswer")
			w.b = append(w.b, `{"@type":"Answer","text":`...)
			w.b = jsonw.AppendString(w.b, answerHTML(md.Block(q.A.Src), base))
			w.b = append(w.b, '}')
			w.str("name", md.OneLine(q.Q.Src))
			w.b = append(w.b, '}')
		}
		w.b = append(w.b, ']')
	}
	w.str("name", title)
	w.str("url", url)
	w.b = append(w.b, "},"...)

	// The TechArticle.
	w.open(url+"#article", "TechArticle")
	w.key("about")
	w.b = append(w.b, `{"@type":"Thing","name":`...)
	w.b = jsonw.AppendString(w.b, a.Product.Src)
	w.b = append(w.b, '}')
	w.str("articleSection", a.Product.Src)
	w.orgRef("author", s)
	w.str("dateModified", date(a.Updated.Time))
	w.str("datePublished", date(a.PublishedDate().Time))
	w.str("description", summary)
	w.str("headline", title)
	if s.Image != "" {
		w.key("image")
		w.b = append(w.b, '[')
		w.b = jsonw.AppendString(w.b, s.Abs(s.Image))
		w.b = append(w.b, ']')
	}
	w.str("inLanguage", s.Language)
	w.key("keywords")
	w.b = append(w.b, '[')
	w.b = jsonw.AppendString(w.b, a.Error.Src)
	for _, t := range a.Codes {
		w.b = append(w.b, ',')
		w.b = jsonw.AppendString(w.b, t.Src)
	}
	w.b = append(w.b, ',')
	w.b = jsonw.AppendString(w.b, a.Product.Src)
	for _, t := range a.Tags {
		w.b = append(w.b, ',')
		w.b = jsonw.AppendString(w.b, t.Src)
	}
	w.b = append(w.b, ']')
	w.ref("mainEntityOfPage", url)
	w.orgRef("publisher", s)
	w.b = append(w.b, "},"...)

	// The HowTo: a section of steps per fix, in the page's order.
	w.open(url+"#howto", "HowTo")
	w.str("description", summary)
	w.ref("isPartOf", url)
	w.str("name", title)
	w.key("step")
	sections := 0
	for _, level := range []kb.Level{kb.Basic, kb.Advanced} {
		for i, f := range a.FixesAt(level) {
			if sections == 0 {
				w.b = append(w.b, '[')
			} else {
				w.b = append(w.b, ',')
			}
			sections++
			w.b = append(w.b, `{"@type":"HowToSection"`...)
			if !f.Warning.IsZero() {
				w.str("description", "Warning: "+md.Text(f.Warning.Src))
			}
			w.key("itemListElement")
			w.b = append(w.b, '[')
			for j, st := range f.Steps {
				if j > 0 {
					w.b = append(w.b, ',')
				}
				w.b = append(w.b, `{"@type":"HowToStep"`...)
				w.num("position", j+1)
				w.str("text", md.Text(st.Src))
				w.str("url", url+"#"+f.StepAnchor(j))
				w.b = append(w.b, '}')
			}
			w.b = append(w.b, ']')
			name := kb.FixLabel(f.Level, i+1) + ": " + md.OneLine(f.Title.Src)
			if !f.Note.IsZero() {
				name += " (" + md.OneLine(f.Note.Src) + ")"
			}
			w.str("name", name)
			w.num("position", sections)
			w.str("url", url+"#"+f.ID.Value)
			w.b = append(w.b, '}')
		}
	}
	if sections == 0 {
		w.b = append(w.b, "null"...)
	} else {
		w.b = append(w.b, ']')
	}
	w.b = append(w.b, "},"...)

	// The breadcrumb, the WebSite and the Organization.
	if len(crumbs) > 0 {
		w.open(url+"#breadcrumb", "BreadcrumbList")
		w.key("itemListElement")
		w.b = append(w.b, '[')
		for i, c := range crumbs {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			w.b = append(w.b, `{"@type":"ListItem"`...)
			w.str("item", s.Abs(c.Path))
			w.str("name", c.Name)
			w.num("position", i+1)
			w.b = append(w.b, '}')
		}
		w.b = append(w.b, "]},"...)
	}
	w.open(s.websiteID(), "WebSite")
	w.str("inLanguage", s.Language)
	w.str("name", s.Name)
	w.ref("publisher", s.orgID())
	w.str("url", s.Abs("/"))
	w.b = append(w.b, "},"...)
	w.open(s.orgID(), "Organization")
	if s.Publisher.Logo != "" {
		w.key("logo")
		w.b = append(w.b, `{"@type":"ImageObject","url":`...)
		w.b = jsonw.AppendString(w.b, s.Abs(s.Publisher.Logo))
		w.b = append(w.b, '}')
	}
	w.str("name", s.Publisher.Name)
	w.str("url", s.Publisher.URL)
	return append(w.b, "}]}"...)
}

// An ldWriter appends a node's members after its first ("@id" or
// "@type"), each with its comma: the keys come in the order Marshal sorts
// them, which the caller keeps.
type ldWriter struct{ b []byte }

// open starts a node with its @id and @type.
func (w *ldWriter) open(id, typ string) {
	w.b = append(w.b, `{"@id":`...)
	w.b = jsonw.AppendString(w.b, id)
	w.b = append(w.b, `,"@type":`...)
	w.b = jsonw.AppendString(w.b, typ)
}

func (w *ldWriter) key(k string) {
	w.b = append(w.b, ',', '"')
	w.b = append(w.b, k...) // keys are schema.org names: nothing to escape
	w.b = append(w.b, '"', ':')
}

func (w *ldWriter) str(k, v string) {
	w.key(k)
	w.b = jsonw.AppendString(w.b, v)
}

func (w *ldWriter) num(k string, n int) {
	w.key(k)
	w.b = strconv.AppendInt(w.b, int64(n), 10)
}

// ref writes {"@id": id}.
func (w *ldWriter) ref(k, id string) {
	w.key(k)
	w.b = append(w.b, `{"@id":`...)
	w.b = jsonw.AppendString(w.b, id)
	w.b = append(w.b, '}')
}

// orgRef writes organizationRef(s).
func (w *ldWriter) orgRef(k string, s Site) {
	w.key(k)
	w.open(s.orgID(), "Organization")
	w.str("name", s.Publisher.Name)
	w.str("url", s.Publisher.URL)
	w.b = append(w.b, '}')
}
