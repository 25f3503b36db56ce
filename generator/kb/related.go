package kb

import (
	"cmp"
	"math/bits"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
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
	v := newVocabulary()
	profiles := make([]profile, n)
	for i, a := range articles {
		profiles[i] = v.profile(a)
	}
	ids := v.ids
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
	weight := v.weight
	common := max(50, n/10)
	// Common words bring no candidates, but a candidate that has them
	// shares them: each article has one bit per common word, and two
	// articles share the common words of their bits in common.
	commonBit := make(map[int]int)
	for w, hs := range holders {
		if len(hs) > common && weight[w] == 0 { // words only: keys always bring candidates
			commonBit[w] = len(commonBit)
		}
	}
	words := (len(commonBit) + 63) / 64
	commonBits := make([]uint64, n*words) // article j's bits: [j*words : (j+1)*words]
	for j, p := range profiles {
		for _, w := range p.words {
			if b, ok := commonBit[w]; ok {
				commonBits[j*words+b/64] |= 1 << (b % 64)
			}
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
	// What the loop below reads of every candidate, side by side: reading
	// it from the profiles (a cache miss each) was a third of the time.
	nwords := make([]int32, n)
	for j, p := range profiles {
		nwords[j] = int32(len(p.words))
	}

	// Scores accumulate over the inverted index: every holder of each of
	// the article's keys and (not common) words is a candidate, and the
	// candidate's score grows as it is reached. No pair is compared
	// directly, so the cost is the sum of the holder lists, not the
	// candidates squared.
	lists := make([][]*Article, n)
	relate := func(i int, sc *relatedScratch) {
		p := profiles[i]
		keyScore, shared, mark := sc.keyScore, sc.shared, sc.mark
		touched := sc.touched[:0]
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
		for _, w := range p.words {
			if len(holders[w]) > common {
				continue
			}
			for _, j := range holders[w] {
				reach(j)
				shared[j]++
			}
		}
		best := sc.best[:0]
		for _, j := range touched {
			if j == i {
				continue
			}
			sh := shared[j]
			mine, theirs := commonBits[i*words:(i+1)*words], commonBits[j*words:(j+1)*words]
			for k, b := range mine {
				sh += bits.OnesCount64(b & theirs[k])
			}
			s := keyScore[j]
			if sh > 0 {
				s += 10 * float64(sh) / float64(len(p.words)+int(nwords[j])-sh)
			}
			if s <= 0.5 || len(best) == MaxRelated && s < best[MaxRelated-1].score {
				continue // not better than the last of a full list: ties are for better
			}
			best = insertTop(best, scored{j: j, score: s}, better)
		}
		if len(best) > 0 {
			lists[i] = make([]*Article, len(best))
			for k, c := range best {
				lists[i][k] = articles[c.j]
			}
		}
		sc.touched, sc.best = touched, best
	}
	// Each article's list depends only on what is above, so the articles
	// are shared out over every core, each with scratch space of its own.
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n/64+1) {
		wg.Go(func() {
			sc := &relatedScratch{keyScore: make([]float64, n), shared: make([]int, n), mark: make([]int, n)}
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				relate(i, sc)
			}
		})
	}
	wg.Wait()
	out := make(map[string][]*Article, n)
	for i, l := range lists {
		if l != nil {
			out[profiles[i].url] = l
		}
	}
	return out
}

// relatedScratch is what one goroutine of Related reuses from article to
// article: scores by candidate, and mark[j] == i+1 when j is a candidate
// of article i.
type relatedScratch struct {
	keyScore []float64
	shared   []int
	mark     []int
	touched  []int
	best     []scored
}

// A vocabulary numbers the keys (product, platforms, tags) and words that
// Related compares.
type vocabulary struct {
	ids    map[string]int
	weight []float64 // by id: keyWeight of its name
	key    []byte    // wordID's buffer
}

func newVocabulary() *vocabulary { return &vocabulary{ids: make(map[string]int)} }

func (v *vocabulary) id(s string) int {
	n, ok := v.ids[s]
	if !ok {
		n = len(v.ids)
		v.ids[s] = n
		v.weight = append(v.weight, keyWeight(s))
	}
	return n
}

// wordID is id("w:" + w) without making that string unless the word is
// new: an article has a few hundred words, nearly all met before.
func (v *vocabulary) wordID(w string) int {
	v.key = append(append(v.key[:0], "w:"...), w...)
	if n, ok := v.ids[string(v.key)]; ok {
		return n
	}
	return v.id(string(v.key))
}

// weight is what sharing a key adds to a score; 0 for a word.
func keyWeight(s string) float64 {
	switch s[0] {
	case 'p':
		return 3
	case 'f':
		return 1
	case 't':
		return 2
	}
	return 0
}

// A profile is what Related compares of an article.
type profile struct {
	url, updated string
	keys         []int // sorted ids of product, platforms, tags
	words        []int // sorted ids of words
}

func (v *vocabulary) profile(a *Article) profile {
	p := profile{url: a.URL(), updated: a.Updated.String()}
	p.keys = append(p.keys, v.id("p:"+a.ProductSlug))
	for _, t := range a.Platforms {
		p.keys = append(p.keys, v.id("f:"+strings.ToLower(t.Src)))
	}
	for _, t := range a.Tags {
		p.keys = append(p.keys, v.id("t:"+strings.ToLower(t.Src)))
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
			p.words = append(p.words, v.wordID(w))
		}
	}
	slices.Sort(p.keys)
	p.keys = slices.Compact(p.keys)
	slices.Sort(p.words)
	p.words = slices.Compact(p.words)
	return p
}

// A RelatedSet answers Related for one article at a time, and takes
// changed articles one at a time: what a preview needs when a writer saves
// one file of a large knowledge base. For gives the list Related would
// give for the same articles; it compares the article with every other,
// which for one article is cheaper than Related for all.
type RelatedSet struct {
	vocab    *vocabulary
	articles []*Article
	profiles []profile
	index    map[string]int // URL → position
	df       map[int]int    // word id → articles that have it
}

// NewRelatedSet prepares For over articles.
func NewRelatedSet(articles []*Article) *RelatedSet {
	s := &RelatedSet{vocab: newVocabulary(), index: make(map[string]int), df: make(map[int]int)}
	for _, a := range articles {
		s.add(a)
	}
	return s
}

func (s *RelatedSet) add(a *Article) {
	p := s.vocab.profile(a)
	for _, w := range p.words {
		s.df[w]++
	}
	s.index[p.url] = len(s.articles)
	s.articles = append(s.articles, a)
	s.profiles = append(s.profiles, p)
}

// Replace puts a in the place of the article with its URL, or adds it.
func (s *RelatedSet) Replace(a *Article) {
	i, ok := s.index[a.URL()]
	if !ok {
		s.add(a)
		return
	}
	for _, w := range s.profiles[i].words {
		s.df[w]--
	}
	p := s.vocab.profile(a)
	for _, w := range p.words {
		s.df[w]++
	}
	s.articles[i], s.profiles[i] = a, p
}

// For returns Related's list for the article with a's URL.
func (s *RelatedSet) For(a *Article) []*Article {
	i, ok := s.index[a.URL()]
	if !ok {
		return nil
	}
	n := len(s.articles)
	common := max(50, n/10)
	// Related's ranks: most recently updated first, then by URL.
	better := func(x, y scored) int {
		a, b := s.profiles[x.j], s.profiles[y.j]
		return cmp.Or(cmp.Compare(y.score, x.score), cmp.Compare(b.updated, a.updated), cmp.Compare(a.url, b.url))
	}
	p := s.profiles[i]
	var best []scored
	for j, q := range s.profiles {
		if j == i {
			continue
		}
		score, candidate := 0.0, false
		for _, k := range intersect(p.keys, q.keys) {
			score += s.vocab.weight[k]
			candidate = true
		}
		shared := 0
		for _, w := range intersect(p.words, q.words) {
			shared++
			if s.df[w] <= common {
				candidate = true
			}
		}
		if !candidate {
			continue
		}
		if shared > 0 {
			score += 10 * float64(shared) / float64(len(p.words)+len(q.words)-shared)
		}
		if score > 0.5 {
			best = insertTop(best, scored{j: j, score: score}, better)
		}
	}
	out := make([]*Article, len(best))
	for k, c := range best {
		out[k] = s.articles[c.j]
	}
	return out
}

// intersect returns the values two sorted lists share.
func intersect(a, b []int) []int {
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
