// Package kb is the domain of the knowledge base: a troubleshooting article
// (one error, its causes, its fixes and an FAQ), the positions its fields came
// from, and the rules that make a set of articles valid.
//
// kb does no I/O and imports nothing outside the standard library: the loader
// (package load) fills these values from YAML, and everything the site shows,
// its structured data and its search index are computed from them.
package kb

import "time"

// Level says where a fix is shown: with the step-by-step fixes, or with the
// advanced ones after them.
type Level string

// The levels a fix can have.
const (
	Basic    Level = "basic"
	Advanced Level = "advanced"
)

// Text is a writer's text field: inline Markdown, with where it was written.
type Text struct {
	Src string // the Markdown source, as written
	Pos Pos
}

// IsZero reports whether the field was left out or empty.
func (t Text) IsZero() bool { return t.Src == "" }

// An Article describes one error message of one product, and how to fix it.
// It is loaded from content/<product-slug>/<error-slug>.yaml.
type Article struct {
	File        string // path of the source file, relative to the project
	ProductSlug string // from the folder name
	Slug        string // from the file name, without .yaml

	Title     Text   // optional: defaults to DefaultTitle
	Error     Text   // the exact message the reader sees
	Codes     []Text // optional error codes (0x800CCC0E, ERR_CERT_AUTHORITY_INVALID)
	Product   Text   // product name as shown (iOS Mail)
	Platforms []Text // optional: iOS, iPadOS, Windows 11…
	Tags      []Text // optional free keywords
	Published Date   // optional: defaults to Updated
	Updated   Date   // last meaningful change
	ReviewBy  Date   // optional: the day to check the article again
	Summary   Text   // the quick answer
	Aliases   []Text // optional: old paths of the article (/ios-mail/old-slug/), redirected here
	AppliesTo []Text // optional: the versions the article applies to (iOS 17, iOS 18)
	Causes    []Cause
	Fixes     []Fix
	FAQ       []QA

	Pos Pos // the start of the document (for file-level problems)
	// CausesPos and FixesPos are where the lists are written, when they
	// are ("causes: []" is reported there, not at the top of the file).
	CausesPos, FixesPos Pos

	// Notes are what the loader saw that is allowed but probably not
	// meant (text cut by a comment); Warnings reports them.
	Notes ErrorList
}

// A Cause is one reason the error appears.
type Cause struct {
	ID   ID
	Text Text
	Pos  Pos
}

// A Fix is a numbered procedure that solves one or more causes.
type Fix struct {
	ID      ID
	Title   Text
	Note    Text // optional, shown after the title: "Temporary fix"
	Level   Level
	Solves  []Ref  // ids of the causes this fix addresses
	Warning Text   // optional, shown before the steps
	Steps   []Text // in order
	// StepIDs are the ids the writer gave steps, by step (empty where a
	// step has none, and nil when none has): see StepAnchor.
	StepIDs   []ID
	AppliesTo []Text // optional: the versions this fix applies to
	Pos       Pos
}

// A QA is one question of the FAQ with its answer.
type QA struct {
	ID  ID // optional: the question's anchor, kept when it is reworded
	Q   Text
	A   Text
	Pos Pos
}

// Anchor is the question's anchor on its page: its id when it has one,
// else one made from its words (FAQID).
func (q *QA) Anchor() string {
	if q.ID.Value != "" {
		return q.ID.Value
	}
	return FAQID(q.Q.Src)
}

// An ID is a writer-chosen, stable identifier: it becomes a URL fragment,
// so it must stay the same when the text around it is edited.
type ID struct {
	Value string
	Pos   Pos
}

// A Ref names an ID defined elsewhere in the same article.
type Ref = ID

// A Date is a calendar day, as written in YAML (2026-11-28).
type Date struct {
	Time time.Time // midnight UTC of that day; zero when unset
	Pos  Pos
}

// IsZero reports whether the date was left out.
func (d Date) IsZero() bool { return d.Time.IsZero() }

// String formats the date as YYYY-MM-DD.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Time.Format(time.DateOnly)
}

// URL returns the article's path on the site: /<product-slug>/<error-slug>/.
func (a *Article) URL() string { return "/" + a.ProductSlug + "/" + a.Slug + "/" }

// DisplayTitle is the title shown as H1: the writer's title, or one made from
// the error message and the product.
func (a *Article) DisplayTitle() string {
	if !a.Title.IsZero() {
		return a.Title.Src
	}
	return DefaultTitle(a.Error.Src, a.Product.Src)
}

// DefaultTitle is the title of an article that sets none.
func DefaultTitle(errorMsg, product string) string {
	return `How to fix "` + errorMsg + `" in ` + product
}

// PublishedDate is the day the article first appeared: Published, or Updated
// when Published is not set.
func (a *Article) PublishedDate() Date {
	if a.Published.IsZero() {
		return a.Updated
	}
	return a.Published
}

// FixesAt returns the fixes of the given level, in the article's order.
func (a *Article) FixesAt(l Level) []*Fix {
	var out []*Fix
	for i := range a.Fixes {
		if a.Fixes[i].Level == l {
			out = append(out, &a.Fixes[i])
		}
	}
	return out
}

// FixesFor returns the fixes that solve the cause with the given id.
func (a *Article) FixesFor(causeID string) []*Fix {
	var out []*Fix
	for i := range a.Fixes {
		for _, r := range a.Fixes[i].Solves {
			if r.Value == causeID {
				out = append(out, &a.Fixes[i])
				break
			}
		}
	}
	return out
}

// Cause returns the cause with the given id, or nil.
func (a *Article) Cause(id string) *Cause {
	for i := range a.Causes {
		if a.Causes[i].ID.Value == id {
			return &a.Causes[i]
		}
	}
	return nil
}
