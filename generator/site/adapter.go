package site

import (
	"hash/maphash"
	"math/bits"
	"strings"
	"unicode/utf8"
)

// HugoParams returns an article page's .Params for Hugo as Go values
// (hugosite.Page.Params), never encoded nor parsed: its front matter's
// meta, breadcrumb and kb, as encoding/json's decoder makes them of the
// JSON front matter AppendJSON writes (maps, []any, strings, float64,
// bools, nil), so Hugo's templates see the same values either way
// (TestHugoParamsAreTheFrontMatter). Encoding 10,000 articles' front
// matter cost Go about 1 s of CPU, and parsing it again cost Hugo about
// 5 s (pageparser's lexer, then encoding/json into maps).
func (p *Page) HugoParams() any {
	fm := &p.FrontMatter
	t := &tree{}
	params := &hugoParams{Meta: fm.Meta.tree(t)}
	t.mix(0)
	if len(fm.Breadcrumb) > 0 {
		params.Breadcrumb = treeArray(t, fm.Breadcrumb, (*Link).tree)
	}
	t.mix(0)
	switch v := fm.KB.(type) {
	case ArticleView:
		params.KB = v.tree(t)
	case *ArticleView:
		params.KB = v.tree(t)
	default:
		panic("site: HugoParams of a page that is not an article")
	}
	params.hash = t.h
	return params
}

// IsArticle says whether the page is an article's.
func (p *Page) IsArticle() bool {
	switch p.FrontMatter.KB.(type) {
	case ArticleView, *ArticleView:
		return true
	}
	return false
}

// hugoParams are an article page's .Params. Hugo copies the fields into a
// map by their mapstructure tags (no copy of what they hold), and its
// content adapter's change detection calls Hash instead of walking them
// by reflection (0.6 s at 10,000 articles, on one core).
type hugoParams struct {
	Meta       any `mapstructure:"meta"`
	Breadcrumb any `mapstructure:"breadcrumb,omitempty"` // as the JSON's omitempty
	KB         any `mapstructure:"kb"`
	hash       uint64
}

// Hash is a hash of the values: it changes when any of them does.
func (p *hugoParams) Hash() (uint64, error) { return p.hash, nil }

// seed is the hashes' seed: they are compared within one process only.
var seed = maphash.MakeSeed()

// A tree makes the values of one page's params, and hashes them as it
// goes, in the order the code makes them (a map's keys are in the code, so
// only its values need hashing): each string by maphash, each list with
// its length, a marker where a value may be missing. Walking the finished
// maps instead, their keys sorted, took 0.6 s at 10,000 articles, and
// feeding every byte through a maphash.Hash 0.27 s.
type tree struct{ h uint64 }

// mix adds x to the hash.
func (t *tree) mix(x uint64) { t.h = bits.RotateLeft64(t.h^x, 27) * 0x9e3779b97f4a7c15 }

// str is a string as encoding/json decodes what jsonw wrote of it: each
// byte of invalid UTF-8 became U+FFFD.
func (t *tree) str(s string) any {
	t.mix(maphash.String(seed, s))
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteString("\uFFFD")
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// strs is a list of strings as encoding/json decodes it: nil is null.
func (t *tree) strs(ss []string) any {
	return treeArray(t, ss, func(s *string, t *tree) any { return t.str(*s) })
}

// num is a number as encoding/json decodes it.
func (t *tree) num(n int) any {
	t.mix(uint64(n))
	return float64(n)
}

// flag is a bool.
func (t *tree) flag(v bool) any {
	if v {
		t.mix(1)
	} else {
		t.mix(0)
	}
	return v
}

// treeArray is a list as encoding/json decodes it: nil is null.
func treeArray[T, V any](t *tree, xs []T, f func(*T, *tree) V) any {
	if xs == nil {
		t.mix(0)
		return nil
	}
	t.mix(1)
	t.mix(uint64(len(xs)))
	out := make([]any, len(xs))
	for i := range xs {
		out[i] = f(&xs[i], t)
	}
	return out
}

func (m *Meta) tree(t *tree) map[string]any {
	out := map[string]any{
		"title":       t.str(m.Title),
		"description": t.str(m.Description),
		"type":        t.str(m.Type),
		"image":       t.str(m.Image),
		"jsonld":      t.str(m.JSONLD),
		"search":      t.str(m.Search),
	}
	// The keys JSON leaves out when empty are hashed anyway, so that a
	// value cannot move from one to the other unseen.
	if published := t.str(m.Published); m.Published != "" {
		out["published"] = published
	}
	if modified := t.str(m.Modified); m.Modified != "" {
		out["modified"] = modified
	}
	if t.flag(m.NoIndex); m.NoIndex {
		out["noindex"] = true
	}
	return out
}

func (l *Link) tree(t *tree) map[string]any {
	return map[string]any{"name": t.str(l.Name), "url": t.str(l.URL)}
}

func (v *ArticleView) tree(t *tree) map[string]any {
	out := map[string]any{
		"url":            t.str(v.URL),
		"error":          t.str(v.Error),
		"codes":          t.strs(v.Codes),
		"product":        v.Product.tree(t),
		"platforms":      t.strs(v.Platforms),
		"title_html":     t.str(v.TitleHTML),
		"summary_html":   t.str(v.SummaryHTML),
		"updated":        t.str(v.Updated),
		"updated_text":   t.str(v.UpdatedText),
		"published":      t.str(v.Published),
		"causes":         treeArray(t, v.Causes, (*Cause).tree),
		"first_fix":      v.FirstFix.tree(t),
		"fixes":          treeArray(t, v.Fixes, (*Fix).tree),
		"advanced_fixes": treeArray(t, v.AdvancedFixes, (*Fix).tree),
		"faq":            treeArray(t, v.FAQ, (*QA).tree),
		"applies_to":     t.strs(v.AppliesTo),
		"reply":          t.str(v.Reply),
		"related":        treeArray(t, v.Related, (*ArticleItem).tree),
		"escalation":     nil,
	}
	if e := v.Escalation; e == nil {
		t.mix(0)
	} else {
		t.mix(1)
		out["escalation"] = map[string]any{
			"label":   t.str(e.Label),
			"href":    t.str(e.Href),
			"email":   t.flag(e.Email),
			"contact": t.str(e.Contact),
		}
	}
	return out
}

func (c *Cause) tree(t *tree) map[string]any {
	return map[string]any{
		"id":    t.str(c.ID),
		"html":  t.str(c.HTML),
		"fixes": treeArray(t, c.Fixes, (*FixRef).tree),
	}
}

func (r *FixRef) tree(t *tree) map[string]any {
	return map[string]any{
		"id":         t.str(r.ID),
		"title_html": t.str(r.TitleHTML),
		"label":      t.str(r.Label),
	}
}

func (f *Fix) tree(t *tree) map[string]any {
	out := map[string]any{
		"id":           t.str(f.ID),
		"title_id":     t.str(f.TitleID),
		"label":        t.str(f.Label),
		"number":       t.num(f.Number),
		"level":        t.str(f.Level),
		"title_html":   t.str(f.TitleHTML),
		"note_html":    t.str(f.NoteHTML),
		"warning_html": t.str(f.WarningHTML),
		"steps":        treeArray(t, f.Steps, (*Step).tree),
		"solves":       treeArray(t, f.Solves, (*CauseRef).tree),
		"applies_to":   t.strs(f.AppliesTo),
		"reply":        t.str(f.Reply),
		"yes_id":       t.str(f.YesID),
		"no_id":        t.str(f.NoID),
		"next":         nil,
	}
	if f.Next == nil {
		t.mix(0)
	} else {
		t.mix(1)
		out["next"] = f.Next.tree(t)
	}
	return out
}

func (s *Step) tree(t *tree) map[string]any {
	return map[string]any{"id": t.str(s.ID), "html": t.str(s.HTML)}
}

func (r *CauseRef) tree(t *tree) map[string]any {
	return map[string]any{"id": t.str(r.ID), "text": t.str(r.Text)}
}

func (q *QA) tree(t *tree) map[string]any {
	return map[string]any{"id": t.str(q.ID), "q_html": t.str(q.QHTML), "a_html": t.str(q.AHTML)}
}

func (it *ArticleItem) tree(t *tree) map[string]any {
	return map[string]any{
		"title":        t.str(it.Title),
		"url":          t.str(it.URL),
		"error":        t.str(it.Error),
		"summary":      t.str(it.Summary),
		"product":      it.Product.tree(t),
		"updated":      t.str(it.Updated),
		"updated_text": t.str(it.UpdatedText),
	}
}
