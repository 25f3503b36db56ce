package kb_test

import (
	"cmp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"kbgen/generator/internal/sitetest"
	"kbgen/generator/kb"
)

// TestRelatedMatchesPairwise checks kb.Related, which accumulates scores
// over an inverted index, against the pairwise computation it replaced
// (relatedReference, kept here as it was): the same lists, in the same
// order, for every article of a generated knowledge base.
func TestRelatedMatchesPairwise(t *testing.T) {
	articles := sitetest.Generated(t, 600)
	got, want := kb.Related(articles), relatedReference(articles)
	urls := func(l []*kb.Article) []string {
		var out []string
		for _, a := range l {
			out = append(out, a.URL())
		}
		return out
	}
	n := 0
	for _, a := range articles {
		g, w := urls(got[a.URL()]), urls(want[a.URL()])
		if !slices.Equal(g, w) {
			t.Errorf("%s: related %v; pairwise %v", a.URL(), g, w)
		}
		n += len(g)
	}
	if n < len(articles)*3 {
		t.Fatalf("only %d related links for %d articles: the corpus does not exercise Related", n, len(articles))
	}

	// One article at a time, as serve asks after a save.
	set := kb.NewRelatedSet(articles)
	for _, a := range articles {
		if g, w := urls(set.For(a)), urls(want[a.URL()]); !slices.Equal(g, w) {
			t.Errorf("%s: RelatedSet.For %v; Related %v", a.URL(), g, w)
		}
	}
	// A changed article: For after Replace is Related of the changed set.
	changed := slices.Clone(articles)
	edited := *changed[7]
	edited.Causes = changed[300].Causes
	edited.Tags = changed[450].Tags
	changed[7] = &edited
	set.Replace(&edited)
	after := relatedReference(changed)
	for _, a := range []*kb.Article{changed[7], changed[300], changed[450], changed[8]} {
		if g, w := urls(set.For(a)), urls(after[a.URL()]); !slices.Equal(g, w) {
			t.Errorf("after Replace, %s: RelatedSet.For %v; Related %v", a.URL(), g, w)
		}
	}
}

func relatedReference(articles []*kb.Article) map[string][]*kb.Article {
	n := len(articles)
	type profile struct {
		url, updated string
		keys         []int // sorted ids of product, platforms, tags
		words        []int // sorted ids of words
	}
	ids := make(map[string]int)
	id := func(s string) int {
		v, ok := ids[s]
		if !ok {
			v = len(ids)
			ids[s] = v
		}
		return v
	}
	profiles := make([]profile, n)
	for i, a := range articles {
		p := profile{url: a.URL(), updated: a.Updated.String()}
		p.keys = append(p.keys, id("p:"+a.ProductSlug))
		for _, t := range a.Platforms {
			p.keys = append(p.keys, id("f:"+strings.ToLower(t.Src)))
		}
		for _, t := range a.Tags {
			p.keys = append(p.keys, id("t:"+strings.ToLower(t.Src)))
		}
		texts := []string{a.Error.Src}
		for _, c := range a.Codes {
			texts = append(texts, c.Src)
		}
		for _, c := range a.Causes {
			texts = append(texts, c.Text.Src)
		}
		for _, t := range texts {
			for _, w := range relatedWordsRef(t) {
				p.words = append(p.words, id("w:"+w))
			}
		}
		slices.Sort(p.keys)
		p.keys = slices.Compact(p.keys)
		slices.Sort(p.words)
		p.words = slices.Compact(p.words)
		profiles[i] = p
	}

	// Who has each key and word.
	holders := make([][]int, len(ids))
	for i, p := range profiles {
		for _, k := range p.keys {
			holders[k] = append(holders[k], i)
		}
		for _, w := range p.words {
			holders[w] = append(holders[w], i)
		}
	}
	weight := make([]float64, len(ids))
	for s, v := range ids {
		switch s[0] {
		case 'p':
			weight[v] = 3
		case 'f':
			weight[v] = 1
		case 't':
			weight[v] = 2
		}
	}
	common := max(50, n/10)

	out := make(map[string][]*kb.Article, n)
	seen := make([]int, n) // seen[j] == i+1: j is already a candidate of i
	type scored struct {
		j     int
		score float64
	}
	for i, p := range profiles {
		var cands []scored
		add := func(j int) {
			if j != i && seen[j] != i+1 {
				seen[j] = i + 1
				cands = append(cands, scored{j: j})
			}
		}
		for _, k := range p.keys {
			for _, j := range holders[k] {
				add(j)
			}
		}
		for _, w := range p.words {
			if len(holders[w]) <= common {
				for _, j := range holders[w] {
					add(j)
				}
			}
		}
		for c := range cands {
			q := profiles[cands[c].j]
			s := 0.0
			for _, k := range intersectRef(p.keys, q.keys) {
				s += weight[k]
			}
			if shared := len(intersectRef(p.words, q.words)); shared > 0 {
				s += 10 * float64(shared) / float64(len(p.words)+len(q.words)-shared)
			}
			cands[c].score = s
		}
		cands = slices.DeleteFunc(cands, func(c scored) bool { return c.score <= 0.5 })
		slices.SortFunc(cands, func(x, y scored) int {
			a, b := profiles[x.j], profiles[y.j]
			return cmp.Or(cmp.Compare(y.score, x.score), cmp.Compare(b.updated, a.updated), cmp.Compare(a.url, b.url))
		})
		for _, c := range cands[:min(len(cands), kb.MaxRelated)] {
			out[p.url] = append(out[p.url], articles[c.j])
		}
	}
	return out
}

// intersect returns the values two sorted lists share.
func intersectRef(a, b []int) []int {
	var out []int
	for len(a) > 0 && len(b) > 0 {
		switch {
		case a[0] < b[0]:
			a = a[1:]
		case a[0] > b[0]:
			b = b[1:]
		default:
			out = append(out, a[0])
			a, b = a[1:], b[1:]
		}
	}
	return out
}

func relatedWordsRef(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_'
	}) {
		if len(w) >= 4 || strings.ContainsAny(w, "0123456789") {
			out = append(out, w)
		}
	}
	return out
}

// TestWarnerUpdate: warnings updated after edits are the warnings of the
// edited knowledge base, near duplicates included (the generated corpus has
// many messages that differ by a word).
func TestWarnerUpdate(t *testing.T) {
	articles := sitetest.Generated(t, 400)
	today := time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
	w := kb.NewWarner(articles, today)
	near := strings.Count(w.List().Error(), "nearly the same message")
	if near < 5 {
		t.Fatalf("only %d near-duplicate warnings: the corpus does not exercise them", near)
	}
	// Edits: a message made nearly equal to another of its product, one
	// made unique, one made to match an earlier one exactly but for a
	// letter, a summary changed; applied one save at a time.
	byProduct := map[string][]int{}
	for i, a := range articles {
		byProduct[a.ProductSlug] = append(byProduct[a.ProductSlug], i)
	}
	var big []int
	for _, l := range byProduct {
		if len(l) > len(big) {
			big = l
		}
	}
	current := slices.Clone(articles)
	edit := func(i int, change func(a *kb.Article)) {
		e := *current[i]
		change(&e)
		current[i] = &e
		w.Update([]*kb.Article{&e})
		if got, want := w.List().Error(), kb.Warnings(current, today).Error(); got != want {
			t.Fatalf("after editing %s: Warner says\n%s\nWarnings says\n%s", e.File, got, want)
		}
	}
	first, last := big[0], big[len(big)-1]
	edit(last, func(a *kb.Article) { a.Error.Src = current[first].Error.Src + "s" })
	edit(first, func(a *kb.Article) { a.Error.Src = "A message like no other 12345" })
	edit(big[len(big)/2], func(a *kb.Article) { a.Error.Src = current[big[1]].Error.Src + "!" })
	edit(big[1], func(a *kb.Article) { a.Error.Src = "Something else entirely 777" })
	edit(big[2], func(a *kb.Article) { a.Summary.Src = "TODO " + a.Summary.Src })
	for _, i := range big[3:12] {
		edit(i, func(a *kb.Article) { a.Error.Src = current[big[len(big)-2]].Error.Src + "x" })
	}
}
