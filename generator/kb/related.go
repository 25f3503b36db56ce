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
// two articles share: the product (3), each platform (1) and tag (2), and
// the words of their error messages, codes and causes (up to 10, by
// Jaccard similarity). Ties go to the most recently updated, then to the
// URL, so the result is deterministic. An article never lists itself.
//
// Candidates come from an inverted index, not from every pair: articles
// sharing the product, a platform, a tag or a word. Words in more than a
// tenth of the articles (and at least 50) say too little to bring
// candidates in, though they still count in the score.
func Related(articles []*Article) map[string][]*Article {
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
			for _, w := range relatedWords(t) {
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
	// Common words bring no candidates, but a candidate that has them
	// shares them: one bit per article says who does.
	commonHolders := make(map[int][]uint64)
	for w, hs := range holders {
		if len(hs) > common {
			bits := make([]uint64, (n+63)/64)
			for _, j := range hs {
				bits[j/64] |= 1 << (j % 64)
			}
			commonHolders[w] = bits
		}
	}
	// Ties go to the most recently updated, then to the URL: one rank
	// says both, so that ordering a candidate compares two numbers.
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(x, y int) int {
		a, b := profiles[x], profiles[y]
		return cmp.Or(cmp.Compare(b.updated, a.updated), cmp.Compare(a.url, b.url))
	})
	rank := make([]int, n)
	for r, i := range order {
		rank[i] = r
	}
	better := func(x, y scored) int {
		return cmp.Or(cmp.Compare(y.score, x.score), cmp.Compare(rank[x.j], rank[y.j]))
	}

	// Scores accumulate over the inverted index: every holder of each of
	// the article's keys and (not common) words is a candidate, and the
	// candidate's score grows as it is reached. No pair is compared
	// directly, so the cost is the sum of the holder lists, not the
	// candidates squared.
	out := make(map[string][]*Article, n)
	keyScore := make([]float64, n)
	shared := make([]int, n)
	mark := make([]int, n) // mark[j] == i+1: j is a candidate of i
	var (
		touched  []int
		best     []scored
		commonOf [][]uint64
	)
	for i, p := range profiles {
		touched = touched[:0]
		reach := func(j int) {
			if mark[j] != i+1 {
				mark[j] = i + 1
				keyScore[j], shared[j] = 0, 0
				touched = append(touched, j)
			}
		}
		for _, k := range p.keys {
			for _, j := range holders[k] {
				reach(j)
				keyScore[j] += weight[k]
			}
		}
		commonOf = commonOf[:0]
		for _, w := range p.words {
			if len(holders[w]) > common {
				commonOf = append(commonOf, commonHolders[w])
				continue
			}
			for _, j := range holders[w] {
				reach(j)
				shared[j]++
			}
		}
		best = best[:0]
		for _, j := range touched {
			if j == i {
				continue
			}
			q := profiles[j]
			sh := shared[j]
			for _, bits := range commonOf {
				sh += int(bits[j/64] >> (j % 64) & 1)
			}
			s := keyScore[j]
			if sh > 0 {
				s += 10 * float64(sh) / float64(len(p.words)+len(q.words)-sh)
			}
			if s <= 0.5 {
				continue
			}
			best = insertTop(best, scored{j: j, score: s}, better)
		}
		for _, c := range best {
			out[p.url] = append(out[p.url], articles[c.j])
		}
	}
	return out
}

type scored struct {
	j     int
	score float64
}

// insertTop inserts c into top, kept sorted by cmp and at most MaxRelated
// long.
func insertTop(top []scored, c scored, cmp func(x, y scored) int) []scored {
	at := len(top)
	for at > 0 && cmp(c, top[at-1]) < 0 {
		at--
	}
	if at >= MaxRelated {
		return top
	}
	if len(top) < MaxRelated {
		top = append(top, scored{})
	}
	copy(top[at+1:], top[at:])
	top[at] = c
	return top
}

// relatedWords are the lowercase words of s that say something: four
// letters or more, or any word with a digit (codes).
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
