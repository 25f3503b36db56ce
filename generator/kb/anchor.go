package kb

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The anchors of an article page. Every cause, fix, step and question has
// one, derived from ids the writer chose (or, for questions, from the
// question's words), so links to them survive edits of the text.

// StepID is the anchor of step n (from 1) of a fix: accept-certificate-step-2.
func StepID(fixID string, n int) string { return fixID + "-step-" + strconv.Itoa(n) }

// StepAnchor is the anchor of step j (from 0) of f: the id the writer gave
// the step, which stays when steps are added or moved, or else its
// position's, StepID.
func (f *Fix) StepAnchor(j int) string {
	if j < len(f.StepIDs) && f.StepIDs[j].Value != "" {
		return f.StepIDs[j].Value
	}
	return StepID(f.ID.Value, j+1)
}

// FixTitleID is the anchor of a fix's heading, which labels its section.
func FixTitleID(fixID string) string { return fixID + "-title" }

// AnswerID is the anchor of the note a fix shows, without JavaScript, once
// the reader answered its "Did this fix it?" (answer "yes" or "no"): the
// form lands back on the article at accept-certificate-yes or
// accept-certificate-no, and CSS shows the note that is the :target.
func AnswerID(fixID, answer string) string { return fixID + "-" + answer }

// Answers are the answers to "Did this fix it?", each with its note.
var Answers = []string{"yes", "no"}

// FAQID is the anchor of a question: faq-what-does-cannot-verify-server-identity-mean.
// A question without a Latin letter or digit (なぜ接続できないのですか？)
// has no such words: its anchor is a hash of it, faq-1b2e4f60, as stable
// as the question (two such questions shared "faq-" before). A question
// with words in another script as well (Wi-Fi が遅いのはなぜ？) gets its
// Latin words and the hash, faq-wi-fi-1b2e4f60: its Latin words alone
// are seldom its own (Wi-Fi が切れるのはなぜ？).
func FAQID(question string) string {
	slug := Slugify(question)
	if slug != "" && !strings.ContainsFunc(question, unslugged) {
		return "faq-" + slug
	}
	h := fnv.New32a()
	h.Write([]byte(strings.TrimSpace(question)))
	if slug == "" {
		return fmt.Sprintf("faq-%08x", h.Sum32())
	}
	return fmt.Sprintf("faq-%s-%08x", slug, h.Sum32())
}

// unslugged reports a letter or digit that Slugify leaves out: one
// neither ASCII nor an accented Latin letter it folds.
func unslugged(r rune) bool {
	if r < utf8.RuneSelf || !unicode.IsLetter(r) && !unicode.IsDigit(r) {
		return false
	}
	_, ok := fold[unicode.ToLower(r)]
	return !ok
}

// FixLabel is a fix's visible label, numbered within its level: "Fix 2",
// "Advanced fix 1".
func FixLabel(l Level, n int) string {
	if l == Advanced {
		return "Advanced fix " + strconv.Itoa(n)
	}
	return "Fix " + strconv.Itoa(n)
}

// SectionIDs are the ids the article page's templates and scripts use,
// which no writer's id may take: its sections' anchors, the header's
// search (search.js adds the last two), the copy buttons' status and the
// lists after the fixes. TestPageIDsAreReserved fails when a template adds
// one that is not here.
var SectionIDs = []string{
	"main", "quick-answer", "causes", "fixes", "advanced-fixes", "faq", "toc-title",
	"still-not-working", "related", "copy-status",
	"search-input", "search-hint", "search-results", "search-status",
}

// anchor is an id on the page and the field that gave it.
type anchor struct {
	id   string
	pos  Pos
	kind string // "causes", "fixes", "steps" (an id of a step's own), "faq" or "section"
	i    int    // the index in its list
	j    int    // a step's index in its fix
	// derived: made from a fix's id (its heading's, its steps', its
	// answers' notes), so a clash of the fix's own id is reported once,
	// not once per anchor.
	derived bool
}

// field is the path of the field that gave the anchor (named only when a
// problem is reported: most anchors never need it).
func (an anchor) field() string {
	switch an.kind {
	case "section":
		return "section"
	case "faq":
		return "faq[" + strconv.Itoa(an.i) + "].q"
	case "faqid":
		return "faq[" + strconv.Itoa(an.i) + "].id"
	case "steps":
		return "fixes[" + strconv.Itoa(an.i) + "].steps[" + strconv.Itoa(an.j) + "].id"
	}
	return an.kind + "[" + strconv.Itoa(an.i) + "].id"
}

// anchors lists every anchor of the article page, in page order.
func (a *Article) anchors() []anchor {
	out := make([]anchor, 0, len(a.Causes)+6*len(a.Fixes)+len(a.FAQ))
	for i, c := range a.Causes {
		out = append(out, anchor{id: c.ID.Value, pos: c.ID.Pos, kind: "causes", i: i})
	}
	for i, f := range a.Fixes {
		out = append(out, anchor{id: f.ID.Value, pos: f.ID.Pos, kind: "fixes", i: i}, anchor{id: FixTitleID(f.ID.Value), pos: f.ID.Pos, kind: "fixes", i: i, derived: true})
		for j := range f.Steps {
			if j < len(f.StepIDs) && f.StepIDs[j].Value != "" {
				out = append(out, anchor{id: f.StepIDs[j].Value, pos: f.StepIDs[j].Pos, kind: "steps", i: i, j: j})
				continue
			}
			out = append(out, anchor{id: StepID(f.ID.Value, j+1), pos: f.ID.Pos, kind: "fixes", i: i, derived: true})
		}
		for _, ans := range Answers {
			out = append(out, anchor{id: AnswerID(f.ID.Value, ans), pos: f.ID.Pos, kind: "fixes", i: i, derived: true})
		}
	}
	for i, q := range a.FAQ {
		switch {
		case q.ID.Value != "":
			out = append(out, anchor{id: q.ID.Value, pos: q.ID.Pos, kind: "faqid", i: i})
		case strings.TrimSpace(q.Q.Src) != "": // a missing question is reported on its own
			out = append(out, anchor{id: FAQID(q.Q.Src), pos: q.Q.Pos, kind: "faq", i: i})
		}
	}
	return out
}
