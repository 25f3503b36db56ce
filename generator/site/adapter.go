package site

import (
	"hash/maphash"
	"slices"
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
	params := &hugoParams{Meta: fm.Meta.tree()}
	if len(fm.Breadcrumb) > 0 {
		params.Breadcrumb = treeArray(fm.Breadcrumb, (*Link).tree)
	}
	switch v := fm.KB.(type) {
	case ArticleView:
		params.KB = v.tree()
	case *ArticleView:
		params.KB = v.tree()
	default:
		panic("site: HugoParams of a page that is not an article")
	}
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
}

// seed is the hashes' seed: hashes are compared within one process only.
var seed = maphash.MakeSeed()

// Hash is a hash of the values: it changes when any of them does.
func (p *hugoParams) Hash() (uint64, error) {
	var h maphash.Hash
	h.SetSeed(seed)
	hashTree(&h, p.Meta)
	hashTree(&h, p.Breadcrumb)
	hashTree(&h, p.KB)
	return h.Sum64(), nil
}

// hashTree writes v into h: each value with a tag byte, so that nil, an
// empty string and an empty list differ; a map's keys in order.
func hashTree(h *maphash.Hash, v any) {
	switch v := v.(type) {
	case nil:
		h.WriteByte(0)
	case string:
		h.WriteByte(1)
		maphash.WriteComparable(h, len(v))
		h.WriteString(v)
	case float64:
		h.WriteByte(2)
		maphash.WriteComparable(h, v)
	case bool:
		h.WriteByte(3)
		maphash.WriteComparable(h, v)
	case []any:
		h.WriteByte(4)
		maphash.WriteComparable(h, len(v))
		for _, x := range v {
			hashTree(h, x)
		}
	case map[string]any:
		h.WriteByte(5)
		maphash.WriteComparable(h, len(v))
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			h.WriteString(k)
			hashTree(h, v[k])
		}
	default:
		panic("site: hashTree of a value a JSON decoder does not make")
	}
}

// tstr is a string as encoding/json decodes what jsonw wrote of it: each
// byte of invalid UTF-8 became U+FFFD.
func tstr(s string) any {
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

// tstrs is a list of strings as encoding/json decodes it: nil is null.
func tstrs(ss []string) any {
	if ss == nil {
		return nil
	}
	xs := make([]any, len(ss))
	for i, s := range ss {
		xs[i] = tstr(s)
	}
	return xs
}

// treeArray is a list as encoding/json decodes it: nil is null.
func treeArray[T any](xs []T, f func(*T) map[string]any) any {
	if xs == nil {
		return nil
	}
	out := make([]any, len(xs))
	for i := range xs {
		out[i] = f(&xs[i])
	}
	return out
}

func (m *Meta) tree() map[string]any {
	t := map[string]any{
		"title":       tstr(m.Title),
		"description": tstr(m.Description),
		"type":        tstr(m.Type),
		"image":       tstr(m.Image),
		"jsonld":      tstr(m.JSONLD),
		"search":      tstr(m.Search),
	}
	if m.Published != "" {
		t["published"] = tstr(m.Published)
	}
	if m.Modified != "" {
		t["modified"] = tstr(m.Modified)
	}
	if m.NoIndex {
		t["noindex"] = true
	}
	return t
}

func (l *Link) tree() map[string]any {
	return map[string]any{"name": tstr(l.Name), "url": tstr(l.URL)}
}

func (v *ArticleView) tree() map[string]any {
	t := map[string]any{
		"url":            tstr(v.URL),
		"error":          tstr(v.Error),
		"codes":          tstrs(v.Codes),
		"product":        v.Product.tree(),
		"platforms":      tstrs(v.Platforms),
		"title_html":     tstr(v.TitleHTML),
		"summary_html":   tstr(v.SummaryHTML),
		"updated":        tstr(v.Updated),
		"updated_text":   tstr(v.UpdatedText),
		"published":      tstr(v.Published),
		"causes":         treeArray(v.Causes, (*Cause).tree),
		"first_fix":      v.FirstFix.tree(),
		"fixes":          treeArray(v.Fixes, (*Fix).tree),
		"advanced_fixes": treeArray(v.AdvancedFixes, (*Fix).tree),
		"faq":            treeArray(v.FAQ, (*QA).tree),
		"applies_to":     tstrs(v.AppliesTo),
		"reply":          tstr(v.Reply),
		"related":        treeArray(v.Related, (*ArticleItem).tree),
		"escalation":     nil,
	}
	if e := v.Escalation; e != nil {
		t["escalation"] = map[string]any{
			"label":   tstr(e.Label),
			"href":    tstr(e.Href),
			"email":   e.Email,
			"contact": tstr(e.Contact),
		}
	}
	return t
}

func (c *Cause) tree() map[string]any {
	return map[string]any{
		"id":    tstr(c.ID),
		"html":  tstr(c.HTML),
		"fixes": treeArray(c.Fixes, (*FixRef).tree),
	}
}

func (r *FixRef) tree() map[string]any {
	return map[string]any{
		"id":         tstr(r.ID),
		"title_html": tstr(r.TitleHTML),
		"label":      tstr(r.Label),
	}
}

func (f *Fix) tree() map[string]any {
	t := map[string]any{
		"id":           tstr(f.ID),
		"title_id":     tstr(f.TitleID),
		"label":        tstr(f.Label),
		"number":       float64(f.Number),
		"level":        tstr(f.Level),
		"title_html":   tstr(f.TitleHTML),
		"note_html":    tstr(f.NoteHTML),
		"warning_html": tstr(f.WarningHTML),
		"steps":        treeArray(f.Steps, (*Step).tree),
		"solves":       treeArray(f.Solves, (*CauseRef).tree),
		"applies_to":   tstrs(f.AppliesTo),
		"reply":        tstr(f.Reply),
		"yes_id":       tstr(f.YesID),
		"no_id":        tstr(f.NoID),
		"next":         nil,
	}
	if f.Next != nil {
		t["next"] = f.Next.tree()
	}
	return t
}

func (s *Step) tree() map[string]any {
	return map[string]any{"id": tstr(s.ID), "html": tstr(s.HTML)}
}

func (r *CauseRef) tree() map[string]any {
	return map[string]any{"id": tstr(r.ID), "text": tstr(r.Text)}
}

func (q *QA) tree() map[string]any {
	return map[string]any{"id": tstr(q.ID), "q_html": tstr(q.QHTML), "a_html": tstr(q.AHTML)}
}

func (it *ArticleItem) tree() map[string]any {
	return map[string]any{
		"title":        tstr(it.Title),
		"url":          tstr(it.URL),
		"error":        tstr(it.Error),
		"summary":      tstr(it.Summary),
		"product":      it.Product.tree(),
		"updated":      tstr(it.Updated),
		"updated_text": tstr(it.UpdatedText),
	}
}
