package search

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"kbgen/generator/internal/jsonw"
	"kbgen/generator/kb"
	"kbgen/generator/markdown"
)

// Field kinds, one letter each in the index, and their weights: what the
// reader pastes (the error message, a code) counts most.
const (
	FieldError    = "e"
	FieldCode     = "c"
	FieldTitle    = "t"
	FieldProduct  = "p"
	FieldFixTitle = "f"
	FieldCause    = "k"
	FieldQuestion = "q"
	FieldSummary  = "s"
	FieldStep     = "x"
	FieldAnswer   = "a"
	FieldWarning  = "w"
	FieldTag      = "g"
)

// Weights of the fields, sent to the client with the index.
var Weights = map[string]int{
	FieldError: 10, FieldCode: 10, FieldTitle: 6, FieldFixTitle: 4, FieldProduct: 3,
	FieldCause: 3, FieldQuestion: 3, FieldSummary: 2, FieldTag: 2, FieldStep: 1,
	FieldAnswer: 1, FieldWarning: 1,
}

// DefaultSynonyms are groups of words readers use for one thing; hugo.toml
// can add more ([params.search] synonyms).
var DefaultSynonyms = [][]string{
	{"iphone", "ios", "ipad", "ipados"},
	{"email", "e-mail", "mail"},
	{"wifi", "wi-fi", "wlan", "wireless"},
	{"password", "passcode"},
	{"signin", "sign-in", "login", "log-in", "logon"},
	{"certificate", "cert", "ssl", "tls"},
	{"mac", "macos", "osx"},
}

// Limits of the index.
const (
	// MaxPostings is how many articles a term lists, best first. A term in
	// more articles than that finds nothing on its own anyway; with others,
	// the rarer words choose the articles.
	MaxPostings = 200
	// MaxSnippet is the longest text stored to show with a result.
	MaxSnippet = 300
	// Snippets is how many of a term's postings, the best, carry the text
	// that matched. A result found only further down shows its title.
	Snippets = 20
	// ShardBytes is about how large a posting shard is: the number of
	// shards grows with the index, so a query's download does not.
	ShardBytes = 12 << 10
	// DocBlock is how many articles' URLs and titles a d-N file holds.
	DocBlock = 16
	// chunkBytes is how much memory the shards are encoded into at a
	// time: large enough that few shards start a chunk, small enough
	// that the end left unused (under four shards) is a small part.
	chunkBytes = 4 << 20
	// slabInts is how many positions are kept in one slice at a time.
	slabInts = 64 << 10
)

// A unit is one piece of an article's text: its error message, a step, an
// answer. It is what a result links to and shows.
type unit struct {
	field  string
	anchor string // "" for the top of the article
	text   string // plain text
}

type doc struct {
	key                 string // its number, as a key of a shard's "d"
	url, title, product string
	units               []unit
	enc                 []byte // [url, title, product] as JSON, once a shard needs it
}

// posting is one article's best use of a term.
type posting struct {
	doc, unit int
	weight    int // ×10, so it stays an integer in JSON
	positions []int
}

// Index is the built search index, ready to write.
//
// The manifest has a fixed name, X.json beside the folder X/ of the other
// files, and is fetched afresh (revalidated) like a page; it names the
// hash that every other file's name carries, so those can be cached
// forever. Pages therefore do not depend on the index: a build renders them
// while the index is made, and a page cached before a deploy still finds
// an index that exists after it.
type Index struct {
	Files    map[string][]byte // name in the index's folder → content
	Manifest []byte            // the manifest, X.json beside the folder X/
}

// Build indexes the articles. synonyms are added to DefaultSynonyms.
func Build(articles []*kb.Article, md *markdown.Renderer, synonyms [][]string) (*Index, error) {
	// Articles are numbered in the order of their URLs: search.js breaks
	// a tie between two results by their numbers.
	docs := make([]doc, len(articles))
	for i, a := range articles {
		docs[i] = document(a, md)
	}
	slices.SortFunc(docs, func(a, b doc) int { return strings.Compare(a.url, b.url) })
	for i := range docs {
		docs[i].key = strconv.Itoa(i)
	}

	// Terms are numbered as they are met, and everything per term is a
	// slice by that number: one map lookup per word of the text.
	ids := make(map[string]int32)
	var (
		termOf   []string    // by id
		postings [][]posting // by id
		lastDoc  []int32     // by id: 1 + the last article that has it
		slot     []int32     // by id: its place in cur, for that article
		df       []int       // by id: how many articles have it
	)
	type best struct {
		posting
		id    int32
		count int
	}
	var (
		cur  []best  // the current article's terms
		toks []Token // the current unit's
		// A term's positions are taken from scratch while its article is
		// indexed (one slice for the article), and copied into slab, a
		// large slice shared by many, only if the term keeps the posting:
		// a slice of its own for each was a million allocations at
		// 10,000 articles, most of them for postings soon dropped.
		scratch, slab []int
	)
	fromScratch := func(pos int) []int {
		scratch = append(scratch, pos)
		return scratch[len(scratch)-1 : len(scratch) : len(scratch)] // an append copies
	}
	keep := func(xs []int) []int {
		if cap(slab)-len(slab) < len(xs) {
			slab = make([]int, 0, max(slabInts, len(xs)))
		}
		start := len(slab)
		slab = append(slab, xs...)
		return slab[start:len(slab):len(slab)]
	}
	for di, d := range docs {
		cur, scratch = cur[:0], scratch[:0]
		for ui, u := range d.units {
			w := Weights[u.field] * 10
			toks = AppendTokens(toks[:0], u.text)
			for _, tok := range toks {
				id, ok := ids[tok.Term]
				if !ok {
					id = int32(len(termOf))
					ids[tok.Term] = id
					termOf = append(termOf, tok.Term)
					postings = append(postings, nil)
					lastDoc = append(lastDoc, 0)
					slot = append(slot, 0)
					df = append(df, 0)
				}
				if lastDoc[id] != int32(di+1) {
					lastDoc[id], slot[id] = int32(di+1), int32(len(cur))
					cur = append(cur, best{posting: posting{doc: di, unit: ui, weight: w, positions: fromScratch(tok.Pos)}, id: id, count: 1})
					continue
				}
				b := &cur[slot[id]]
				switch {
				case b.unit == ui:
					b.positions = append(b.positions, tok.Pos)
				default:
					b.count++
					if w > b.weight {
						b.unit, b.weight, b.positions = ui, w, fromScratch(tok.Pos)
					}
				}
			}
		}
		for _, b := range cur {
			// Each further unit using the term adds a little, up to five.
			p := b.posting
			p.weight += 2 * min(b.count-1, 5)
			df[b.id]++
			if keeps(postings[b.id], p) {
				p.positions = keep(p.positions)
				postings[b.id] = keepBest(postings[b.id], p)
			}
		}
	}

	// Each article is also listed under its error message's key: a pasted
	// message finds its article even when each of its words is in too
	// many messages for the index to list them all (at 10,000 articles,
	// half the messages pasted whole did not come first).
	for di, d := range docs {
		key := MessageKey(d.units[0].text) // unit 0 is the error message
		if key == "" {
			continue
		}
		id, ok := ids[key]
		if !ok {
			id = int32(len(termOf))
			ids[key] = id
			termOf = append(termOf, key)
			postings = append(postings, nil) // lastDoc and slot served the loop above only
			df = append(df, 0)
		}
		df[id]++
		postings[id] = keepBest(postings[id], posting{doc: di, unit: 0, weight: 10 * Weights[FieldError], positions: []int{0}})
	}

	// Size the shards by what they will hold: per posting its numbers
	// (about 20 bytes), and for the best few its article's URL and title
	// and the matched text (about 400; measured at 10,000 articles).
	total := 0
	for _, ps := range postings {
		total += 20*len(ps) + 400*min(len(ps), Snippets)
	}
	shards := nextPow2((total + ShardBytes - 1) / ShardBytes)
	post := make([]*postingShard, shards)
	for i := range post {
		post[i] = &postingShard{}
	}
	vocab := make(map[string][]vocabEntry)
	for id, ps := range postings {
		term := termOf[id]
		slices.SortFunc(ps, better)
		df := df[id]
		sh := post[Shard(term, shards)]
		for _, p := range ps[:min(len(ps), Snippets)] {
			sh.units = append(sh.units, [2]int{p.doc, p.unit})
		}
		sh.terms = append(sh.terms, shardTerm{term, df, ps})
		if strings.HasPrefix(term, `"`) {
			continue // a message key: not a word to complete or correct
		}
		key := VocabKey(term)
		vocab[key] = append(vocab[key], vocabEntry{term, df})
	}

	files := make(map[string][]byte)
	var keys []string
	for key, terms := range vocab {
		slices.SortFunc(terms, func(a, b vocabEntry) int { return strings.Compare(a.term, b.term) })
		files["v-"+hex.EncodeToString([]byte(key))] = encodeVocab(terms)
		keys = append(keys, hex.EncodeToString([]byte(key)))
	}
	slices.Sort(keys)
	// Every article's URL, title and product, DocBlock to a file: a
	// result whose article no shard of its query lists.
	for start := 0; start < len(docs); start += DocBlock {
		b := []byte{'['}
		for i := start; i < min(start+DocBlock, len(docs)); i++ {
			if i > start {
				b = append(b, ',')
			}
			b = appendTriple(b, docs[i].url, docs[i].title, docs[i].product)
		}
		files["d-"+strconv.Itoa(start/DocBlock)] = append(b, ']')
	}
	// The shards are encoded one after the other into large chunks of
	// memory, each file a slice of one, exactly its size: grown from
	// nothing, each shard's bytes were allocated twice over, and encoded
	// into one buffer, each was then copied out (0.4 s at 10,000
	// articles, most of it the collector's and the kernel's work for
	// 16,000 fresh allocations).
	var chunk []byte
	for i, sh := range post {
		if cap(chunk)-len(chunk) < ShardBytes*4 {
			chunk = make([]byte, 0, max(chunkBytes, ShardBytes*8))
		}
		start := len(chunk)
		chunk = sh.encode(chunk, docs)
		files["p-"+strconv.Itoa(i)] = chunk[start:len(chunk):len(chunk)]
	}

	// One hash over everything names every file: the same index gives the
	// same names, and a changed index new ones, so all can be cached forever.
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	h := sha256.New()
	for _, name := range names {
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(files[name]))
		h.Write(files[name])
	}
	sum := hex.EncodeToString(h.Sum(nil))[:12]

	m := manifest{
		Version:  2,
		DocBlock: DocBlock,
		Hash:     sum,
		Docs:     len(docs),
		Shards:   shards,
		Vocab:    keys,
		Weights:  Weights,
		Synonyms: synonymMap(append(slices.Clone(DefaultSynonyms), synonyms...)),
		Stop:     sortedKeys(stopWords),
	}
	mdata, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	out := &Index{Files: make(map[string][]byte, len(files)), Manifest: mdata}
	for name, data := range files {
		out.Files[name+"."+sum+".json"] = data
	}
	return out, nil
}

// better orders postings best first: by weight, then by article.
func better(a, b posting) int { return cmp.Or(b.weight-a.weight, a.doc-b.doc) }

// keepBest adds p to ps, a term's postings, keeping only the MaxPostings
// best: a common word is in most articles, and holding all its postings
// to keep 200 was most of the index's memory. Once full, ps is a heap
// with the worst posting first.
func keepBest(ps []posting, p posting) []posting {
	if !keeps(ps, p) {
		return ps
	}
	if len(ps) < MaxPostings {
		ps = append(ps, p)
		if len(ps) == MaxPostings {
			for i := len(ps)/2 - 1; i >= 0; i-- {
				siftDown(ps, i)
			}
		}
		return ps
	}
	ps[0] = p
	siftDown(ps, 0)
	return ps
}

// keeps says whether keepBest(ps, p) keeps p.
func keeps(ps []posting, p posting) bool {
	return len(ps) < MaxPostings || better(p, ps[0]) < 0
}

// siftDown restores the heap below i: every posting is no better than
// its children.
func siftDown(ps []posting, i int) {
	for {
		worst, l, r := i, 2*i+1, 2*i+2
		if l < len(ps) && better(ps[l], ps[worst]) > 0 {
			worst = l
		}
		if r < len(ps) && better(ps[r], ps[worst]) > 0 {
			worst = r
		}
		if worst == i {
			return
		}
		ps[i], ps[worst] = ps[worst], ps[i]
		i = worst
	}
}

// A postingShard is one p-N file:
//
//	{"d": {doc: [url, title, product]},
//	 "u": {"doc.unit": [field, anchor, text]},
//	 "t": {term: [df, [[doc, weight, unit, [positions]]…]]}}
//
// with the keys of each object in byte order, as encoding/json writes a
// map. It is written by hand: encoding/json's reflection over []any was
// most of the index's build time.
type postingShard struct {
	// units are [article, unit] of the best postings of its terms, each
	// as often as they are named: they are the shard's "d" and "u".
	units [][2]int
	terms []shardTerm
}

type shardTerm struct {
	term     string
	df       int
	postings []posting
}

type vocabEntry struct {
	term string
	df   int
}

// encode appends the shard's JSON to b.
func (sh *postingShard) encode(b []byte, docs []doc) []byte {
	// The keys of "d" and "u" in byte order: an article's number as text,
	// then its unit's. A number that is a prefix of another's text goes
	// first, as "1.5" comes before "10.2" ('.' is below every digit).
	slices.SortFunc(sh.units, func(x, y [2]int) int {
		return cmp.Or(strings.Compare(docs[x[0]].key, docs[y[0]].key), strings.Compare(unitKey(x[1]), unitKey(y[1])))
	})
	sh.units = slices.Compact(sh.units)
	b = append(b, `{"d":{`...)
	for i, du := range sh.units {
		if i > 0 && du[0] == sh.units[i-1][0] {
			continue
		}
		if i > 0 {
			b = append(b, ',')
		}
		// An article is in many shards (21 on average at 10,000
		// articles): its entry is encoded once.
		d := &docs[du[0]]
		if d.enc == nil {
			d.enc = appendTriple(nil, d.url, d.title, d.product)
		}
		b = append(append(append(append(b, '"'), d.key...), '"', ':'), d.enc...)
	}
	b = append(b, `},"u":{`...)
	for i, du := range sh.units {
		if i > 0 {
			b = append(b, ',')
		}
		// A unit is in a few shards (2.5 on average): encoded each time,
		// it costs less than keeping every unit's entry.
		b = append(append(append(b, '"'), docs[du[0]].key...), '.')
		b = append(append(b, unitKey(du[1])...), '"', ':')
		u := docs[du[0]].units[du[1]]
		cut, more := snippetCut(u.text)
		b = appendTriple(b, u.field, u.anchor, cut)
		if more {
			b = append(b[:len(b)-2], `…"]`...) // inside the text's closing quote
		}
	}
	b = append(b, `},"t":{`...)
	slices.SortFunc(sh.terms, func(a, b shardTerm) int { return strings.Compare(a.term, b.term) })
	for i, t := range sh.terms {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonw.AppendString(b, t.term)
		b = append(b, ':', '[')
		b = strconv.AppendInt(b, int64(t.df), 10)
		b = append(b, ',', '[')
		for j, p := range t.postings {
			if j > 0 {
				b = append(b, ',')
			}
			b = append(b, '[')
			b = strconv.AppendInt(b, int64(p.doc), 10)
			b = append(b, ',')
			b = strconv.AppendInt(b, int64(p.weight), 10)
			b = append(b, ',')
			b = strconv.AppendInt(b, int64(p.unit), 10)
			b = append(b, ',', '[')
			for k, pos := range p.positions {
				if k > 0 {
					b = append(b, ',')
				}
				b = strconv.AppendInt(b, int64(pos), 10)
			}
			b = append(b, ']', ']')
		}
		b = append(b, ']', ']')
	}
	return append(b, '}', '}')
}

// appendTriple appends [x,y,z], strings in JSON.
func appendTriple(b []byte, x, y, z string) []byte {
	b = append(b, '[')
	b = jsonw.AppendString(b, x)
	b = append(b, ',')
	b = jsonw.AppendString(b, y)
	b = append(b, ',')
	b = jsonw.AppendString(b, z)
	return append(b, ']')
}

// encodeVocab writes a v-XX file: [[term, df]…], sorted by term.
func encodeVocab(terms []vocabEntry) []byte {
	b := []byte{'['}
	for i, t := range terms {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = jsonw.AppendString(b, t.term)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(t.df), 10)
		b = append(b, ']')
	}
	return append(b, ']')
}

type manifest struct {
	Version  int                 `json:"v"`
	Hash     string              `json:"h"`
	Docs     int                 `json:"n"`
	DocBlock int                 `json:"db"` // articles in a d-N file
	Shards   int                 `json:"s"`
	Vocab    []string            `json:"vk"` // hex of each vocabulary shard's key
	Weights  map[string]int      `json:"w"`
	Synonyms map[string][]string `json:"syn"`
	Stop     []string            `json:"stop"`
}

// document lists an article's units in page order: the error message
// first, always (search.js finds a pasted message's phrase in unit 0).
func document(a *kb.Article, md *markdown.Renderer) doc {
	d := doc{url: a.URL(), title: md.OneLine(a.DisplayTitle()), product: a.Product.Src}
	add := func(field, anchor, src string) {
		if src != "" {
			d.units = append(d.units, unit{field, anchor, md.OneLine(src)})
		}
	}
	add(FieldError, "", a.Error.Src)
	for _, c := range a.Codes {
		add(FieldCode, "", c.Src)
	}
	add(FieldTitle, "", a.DisplayTitle())
	add(FieldProduct, "", a.Product.Src)
	for _, t := range append(slices.Clone(a.Platforms), a.Tags...) {
		add(FieldTag, "", t.Src)
	}
	add(FieldSummary, "quick-answer", a.Summary.Src)
	for _, c := range a.Causes {
		add(FieldCause, c.ID.Value, c.Text.Src)
	}
	for _, level := range []kb.Level{kb.Basic, kb.Advanced} {
		for _, f := range a.FixesAt(level) {
			add(FieldFixTitle, f.ID.Value, f.Title.Src)
			add(FieldWarning, f.ID.Value, f.Warning.Src)
			for i, s := range f.Steps {
				add(FieldStep, f.StepAnchor(i), s.Src)
			}
		}
	}
	for _, q := range a.FAQ {
		add(FieldQuestion, q.Anchor(), q.Q.Src)
		add(FieldAnswer, q.Anchor(), q.A.Src)
	}
	return d
}

// Shard is the posting shard of a term: FNV-1a of its UTF-8 bytes, modulo
// the number of shards (a power of two). search.js computes the same.
func Shard(term string, shards int) int {
	h := fnv.New32a()
	h.Write([]byte(term))
	return int(h.Sum32() & uint32(shards-1))
}

// MessageKey is the term under which the index lists the articles whose
// error message is text, word for word once normalized (search.js's
// messageKey): the message's terms joined by spaces, after a double quote,
// which no term has. A message of fewer than two terms has none: its
// word is its key.
func MessageKey(text string) string {
	toks := Tokens(text)
	if len(toks) < 2 {
		return ""
	}
	var b strings.Builder
	b.WriteByte('"')
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.Term)
	}
	return b.String()
}

// VocabKey is the vocabulary shard of a term: its first two characters.
func VocabKey(term string) string {
	r := []rune(term)
	return string(r[:min(2, len(r))])
}

// unitKey is a unit's number as text, in a shard's "u" keys.
func unitKey(n int) string {
	if n < len(unitKeys) {
		return unitKeys[n]
	}
	return strconv.Itoa(n)
}

var unitKeys = func() (keys [128]string) {
	for i := range keys {
		keys[i] = strconv.Itoa(i)
	}
	return keys
}()

// snippet is the text a result shows of s: its first MaxSnippet
// characters, cut at a space, and an ellipsis when s goes on.
func snippet(s string) string {
	if cut, more := snippetCut(s); more {
		return cut + "…"
	}
	return s
}

// snippetCut is snippet's text without the ellipsis, and whether there
// is one: the encoder writes it, without a string made for each.
func snippetCut(s string) (cut string, more bool) {
	if len(s) <= MaxSnippet || utf8.RuneCountInString(s) <= MaxSnippet {
		return s, false
	}
	end, n := 0, 0
	for end = range s {
		if n == MaxSnippet {
			break
		}
		n++
	}
	cut = s[:end]
	if i := strings.LastIndexByte(cut, ' '); i > MaxSnippet/2 {
		cut = cut[:i]
	}
	return cut, true
}

func synonymMap(groups [][]string) map[string][]string {
	m := make(map[string][]string)
	for _, g := range groups {
		var terms []string
		for _, w := range g {
			for _, t := range Tokens(w) {
				terms = append(terms, t.Term)
			}
		}
		for _, t := range terms {
			for _, o := range terms {
				if o != t && !slices.Contains(m[t], o) {
					m[t] = append(m[t], o)
				}
			}
		}
	}
	for t := range m {
		slices.Sort(m[t])
	}
	return m
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func nextPow2(n int) int {
	p := 1
	for p < n {
		p <<= 1
	}
	return min(p, 1<<14)
}
