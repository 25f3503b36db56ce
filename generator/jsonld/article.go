package jsonld

import (
	neturl "net/url"

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
