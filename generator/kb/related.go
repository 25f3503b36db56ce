package kb

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
)

// MaxRelated is how many related articles an article lists.
const MaxRelated = 5

// Related returns, for each article (by URL), up to MaxRelated other
// articles a reader of it may need next, best first. The score counts what
// two articles share: the product, platforms, tags, and the words of their
// error messages and causes. Ties go to the most recently updated, then to
// the URL, so the result is deterministic. An article shares nothing with
// itself and never lists itself.
func Related(articles []*Article) map[string][]*Article {
	type profile struct {
		platforms, tags, words map[string]bool
	}
	profiles := make([]profile, len(articles))
	for i, a := range articles {
		p := profile{platforms: set(a.Platforms), tags: set(a.Tags), words: map[string]bool{}}
		texts := []string{a.Error.Src}
		for _, c := range a.Codes {
			texts = append(texts, c.Src)
		}
		for _, c := range a.Causes {
			texts = append(texts, c.Text.Src)
		}
		for _, t := range texts {
			for _, w := range relatedWords(t) {
				p.words[w] = true
			}
		}
		profiles[i] = p
	}
	out := make(map[string][]*Article, len(articles))
	for i, a := range articles {
		type scored struct {
			a     *Article
			score float64
		}
		var cands []scored
		for j, b := range articles {
			if i == j {
				continue
			}
			s := 0.0
			if a.ProductSlug == b.ProductSlug {
				s += 3
			}
			s += float64(overlap(profiles[i].platforms, profiles[j].platforms))
			s += 2 * float64(overlap(profiles[i].tags, profiles[j].tags))
			if n := len(profiles[i].words) + len(profiles[j].words); n > 0 {
				shared := overlap(profiles[i].words, profiles[j].words)
				s += 10 * float64(shared) / float64(n-shared) // Jaccard
			}
			if s > 0.5 {
				cands = append(cands, scored{b, s})
			}
		}
		slices.SortFunc(cands, func(x, y scored) int {
			return cmp.Or(cmp.Compare(y.score, x.score), y.a.Updated.Time.Compare(x.a.Updated.Time), cmp.Compare(x.a.URL(), y.a.URL()))
		})
		for _, c := range cands[:min(len(cands), MaxRelated)] {
			out[a.URL()] = append(out[a.URL()], c.a)
		}
	}
	return out
}

func set(ts []Text) map[string]bool {
	m := make(map[string]bool, len(ts))
	for _, t := range ts {
		m[strings.ToLower(t.Src)] = true
	}
	return m
}

func overlap(a, b map[string]bool) int {
	n := 0
	for k := range a {
		if b[k] {
			n++
		}
	}
	return n
}

// relatedWords are the lowercase words of s that say something: four letters or
// more, or any word with a digit (codes).
func relatedWords(s string) []string {
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
