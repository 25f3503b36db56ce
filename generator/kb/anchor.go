package kb

import "fmt"

// The anchors of an article page. Every cause, fix, step and question has
// one, derived from ids the writer chose (or, for questions, from the
// question's words), so links to them survive edits of the text.

// StepID is the anchor of step n (from 1) of a fix: accept-certificate-step-2.
func StepID(fixID string, n int) string { return fmt.Sprintf("%s-step-%d", fixID, n) }

// FixTitleID is the anchor of a fix's heading, which labels its section.
func FixTitleID(fixID string) string { return fixID + "-title" }

// FAQID is the anchor of a question: faq-what-does-cannot-verify-server-identity-mean.
func FAQID(question string) string { return "faq-" + Slugify(question) }

// FixLabel is a fix's visible label, numbered within its level: "Fix 2",
// "Advanced fix 1".
func FixLabel(l Level, n int) string {
	if l == Advanced {
		return fmt.Sprintf("Advanced fix %d", n)
	}
	return fmt.Sprintf("Fix %d", n)
}

// SectionIDs are the anchors of the article page's own sections.
var SectionIDs = []string{"main", "quick-answer", "causes", "fixes", "advanced-fixes", "faq", "toc-title"}

// anchor is an id on the page and the field that gave it.
type anchor struct {
	id    string
	pos   Pos
	field string
}

// anchors lists every anchor of the article page, in page order.
func (a *Article) anchors() []anchor {
	var out []anchor
	for i, c := range a.Causes {
		out = append(out, anchor{c.ID.Value, c.ID.Pos, fmt.Sprintf("causes[%d].id", i)})
	}
	for i, f := range a.Fixes {
		field := fmt.Sprintf("fixes[%d].id", i)
		out = append(out, anchor{f.ID.Value, f.ID.Pos, field}, anchor{FixTitleID(f.ID.Value), f.ID.Pos, field})
		for j := range f.Steps {
			out = append(out, anchor{StepID(f.ID.Value, j+1), f.ID.Pos, field})
		}
	}
	for i, q := range a.FAQ {
		if Slugify(q.Q.Src) != "" {
			out = append(out, anchor{FAQID(q.Q.Src), q.Q.Pos, fmt.Sprintf("faq[%d].q", i)})
		}
	}
	return out
}
