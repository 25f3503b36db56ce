package kb

import (
	"fmt"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
)

// Bounds of the quick answer (summary), in characters as written: it is the
// text a search result shows under the title, so a long one is cut off and a
// very short one does not answer. "About 300" is the aim; the bound leaves
// room for two or three full sentences such as the seed article's (309).
const (
	MinSummary = 50
	MaxSummary = 320
)

// Placeholder is the marker `generator new` writes wherever the writer still
// has to write something: in text ("TODO The most common reason…") and at the
// start of ids (todo-first-cause).
const Placeholder = "TODO"

var placeholderWord = regexp.MustCompile(`\b` + Placeholder + `\b`)

// htmlTag is an HTML tag a writer may expect to work; the page shows it as
// text. Other words in angle brackets are placeholders ("imap.<domain>"),
// and code spans and blocks (codeSpans) show HTML on purpose.
var (
	htmlTag   = regexp.MustCompile(`(?i)</?(a|b|i|u|s|br|hr|p|div|span|strong|em|code|pre|ul|ol|li|img|table|tr|td|th|h[1-6]|sup|sub|kbd|small|font|center|script|style|iframe|mark|blockquote)(\s[^<>]*)?/?>`)
	codeSpans = regexp.MustCompile("(?s)```.*?```|`[^`]*`")
	// Links a typo broke, shown as typed: "[text] (https://…)" and
	// "[text(https://…)", the "]" missing.
	spacedLink   = regexp.MustCompile(`\[[^\[\]\n]+\][ \t]+\((?:https?://|mailto:|/|#)`)
	unclosedLink = regexp.MustCompile(`\[[^\[\]\n]+\((?:https?://|mailto:|/|#)`)
)

// Warnings reports what is allowed but probably a mistake: placeholder text
// left from the template, a fix that solves no cause, a cause no fix solves,
// a quick answer too long or too short, a review_by date that has passed
// and a published or updated date after tomorrow (relative to today), an
// FAQ answer that repeats its question, and two
// articles of one product whose error messages are nearly the same.
//
// Warnings assumes the articles are valid (Validate found nothing in them):
// a warning about an article that has errors would mostly repeat them.
// Only today's calendar day, in its own location, is used.
func Warnings(articles []*Article, today time.Time) ErrorList {
	return NewWarner(articles, today).List()
}

// A Warner keeps the warnings of a knowledge base as some of its articles
// change: serve, after a save, updates them for the edited articles
// instead of checking every pair of messages again. List gives what
// Warnings gives for the same articles.
//
// Near duplicates: an article whose message is nearly the same as that of
// an article before it of the same product is warned about, once, naming
// the first such. Exact duplicates (after NormalizeMessage) are errors,
// reported by Validate; the same message in two products is normal.
type Warner struct {
	day      time.Time
	own      map[string]ErrorList  // by file: the article's own warnings
	products map[string][]*message // messages by product, in the articles' order
	at       map[string]int        // file → index in its product's list
	near     map[*message]int      // message → index of the first nearly equal one before it
	order    []string              // files, in the articles' order
}

// NewWarner computes the warnings of articles (see Warnings).
func NewWarner(articles []*Article, today time.Time) *Warner {
	w := &Warner{
		day:      time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC),
		own:      make(map[string]ErrorList, len(articles)),
		products: make(map[string][]*message),
		at:       make(map[string]int, len(articles)),
		near:     make(map[*message]int),
	}
	lists := make([]ErrorList, len(articles))
	index := make(map[*Article]int, len(articles))
	for i, a := range articles {
		index[a] = i
	}
	eachArticle(articles, func(a *Article, _ *ErrorList) { warnArticle(a, w.day, &lists[index[a]]) })
	for i, a := range articles {
		w.own[a.File] = lists[i]
		w.order = append(w.order, a.File)
		if a.Error.IsZero() {
			continue
		}
		w.at[a.File] = len(w.products[a.ProductSlug])
		w.products[a.ProductSlug] = append(w.products[a.ProductSlug], newMessage(a, NormalizeMessage(a.Error.Src)))
	}
	// Every pair of one product is a candidate, so a product with
	// thousands of articles makes millions of pairs: each message is
	// measured once (runes, codes, letter counts) and the edit distance,
	// the only costly test, runs on the few pairs the cheap bounds leave.
	// The messages are independent of each other: measure them on every
	// CPU, the later ones (which have more before them) shared out first.
	type job struct {
		list []*message
		j    int
	}
	var jobs []job
	for _, list := range w.products {
		for j := range list {
			jobs = append(jobs, job{list, j})
		}
	}
	slices.SortStableFunc(jobs, func(a, b job) int { return b.j - a.j })
	found := make([]int, len(jobs)) // 1 + the index of the near one, or 0
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for {
				k := int(next.Add(1) - 1)
				if k >= len(jobs) {
					return
				}
				found[k] = firstNear(jobs[k].list, jobs[k].j, 0) + 1
			}
		})
	}
	wg.Wait()
	for k, jb := range jobs {
		if found[k] > 0 {
			w.near[jb.list[jb.j]] = found[k] - 1
		}
	}
	return w
}

// firstNear returns the index of the first message before list[j], from
// list[from] on, that is nearly the same as it, or -1.
func firstNear(list []*message, j, from int) int {
	for i := from; i < j; i++ {
		if list[i].norm != list[j].norm && list[i].near(list[j]) {
			return i
		}
	}
	return -1
}

// findNear sets the first message before list[j], from list[from] on,
// that is nearly the same as it.
func (w *Warner) findNear(list []*message, j, from int) {
	delete(w.near, list[j])
	if i := firstNear(list, j, from); i >= 0 {
		w.near[list[j]] = i
	}
}

// Update takes edited articles, each in the place of the article of its
// file (as a save changes them), and updates the warnings.
func (w *Warner) Update(edited []*Article) {
	for _, e := range edited {
		var own ErrorList
		warnArticle(e, w.day, &own)
		w.own[e.File] = own
		k, ok := w.at[e.File]
		if !ok || e.Error.IsZero() {
			continue
		}
		list := w.products[e.ProductSlug]
		delete(w.near, list[k])
		list[k] = newMessage(e, NormalizeMessage(e.Error.Src))
		w.findNear(list, k, 0)
		// The articles after it: only their pairs with it changed.
		for j := k + 1; j < len(list); j++ {
			i, has := w.near[list[j]]
			switch {
			case has && i == k:
				w.findNear(list, j, k) // those before k were not near it
			case !has || i > k:
				if list[k].norm != list[j].norm && list[k].near(list[j]) {
					w.near[list[j]] = k
				}
			}
		}
	}
}

// List returns every warning, sorted.
func (w *Warner) List() ErrorList {
	var out ErrorList
	for _, f := range w.order {
		out = append(out, w.own[f]...)
	}
	for _, list := range w.products {
		for _, b := range list {
			if i, ok := w.near[b]; ok {
				prev, a := list[i].a, b.a
				out.Addf(a.Error.Pos, "error", "nearly the same message as %s (line %d): %q; if it is the same error, merge the two articles", prev.File, prev.Error.Pos.Line, prev.Error.Src)
			}
		}
	}
	return out.Sort()
}

func warnArticle(a *Article, today time.Time, w *ErrorList) {
	*w = append(*w, a.Notes...)
	placeholders := make(map[string]bool)
	// The fields and their names only for an article that has the word
	// at all: naming every field of every article was most of the cost
	// of this function on a large knowledge base.
	var fields []textField
	if a.mentions(Placeholder) {
		fields = a.textFields()
	}
	for _, f := range fields {
		if f.field == "error" || f.field == "product" || strings.HasPrefix(f.field, "codes[") {
			continue // copied from the product, never a placeholder: "TODO list is full"
		}
		// The regexp only where the word can be: it is most of the cost of
		// Warnings on a large knowledge base.
		if strings.Contains(f.text.Src, Placeholder) && placeholderWord.MatchString(f.text.Src) {
			placeholders[f.field] = true
			w.Addf(f.text.Pos, f.field, "still has placeholder text (%s): replace it with your own words", Placeholder)
		}
	}
	for _, l := range []struct {
		name  string
		items []Text
	}{{"codes", a.Codes}, {"platforms", a.Platforms}, {"tags", a.Tags}} {
		first := make(map[string]int, len(l.items))
		for i, t := range l.items {
			k := strings.ToLower(strings.TrimSpace(t.Src))
			if j, ok := first[k]; ok && k != "" {
				w.Addf(t.Pos, fmt.Sprintf("%s[%d]", l.name, i), "%q is listed twice (%s[%d]): delete one", t.Src, l.name, j)
				continue
			}
			first[k] = i
		}
	}
	if a.mentions("[") {
		a.markdownFields(func(t Text, f field) {
			if !mayBreakLink(t.Src) {
				return // most texts with links: no regexp
			}
			src := codeSpans.ReplaceAllString(t.Src, "")
			switch {
			case spacedLink.MatchString(src):
				w.Addf(t.Pos, f.String(), "%q is shown as typed, not as a link: write the address right after the \"]\", with no space: [text](https://…)", spacedLink.FindString(src))
			case unclosedLink.MatchString(src):
				w.Addf(t.Pos, f.String(), "%q is shown as typed, not as a link: close the link's text with \"]\" before the address: [text](https://…)", unclosedLink.FindString(src))
			}
		})
	}
	if a.mentions("<") {
		a.markdownFields(func(t Text, f field) {
			// An escaped backtick opens no code span.
			if tag := htmlTag.FindString(codeSpans.ReplaceAllString(strings.ReplaceAll(t.Src, "\\`", ""), "")); tag != "" {
				w.Addf(t.Pos, f.String(), "%q is shown as typed, not as HTML: use Markdown (**bold**, *italic*, [text](https://…), a blank line between paragraphs)", tag)
			}
		})
	}

	for i, c := range a.Causes {
		placeholderID(w, fmt.Sprintf("causes[%d].id", i), c.ID, "cause", "expired-certificate")
	}
	for i, f := range a.Fixes {
		placeholderID(w, fmt.Sprintf("fixes[%d].id", i), f.ID, "fix", "accept-certificate")
	}

	var causeIDs []string
	for _, c := range a.Causes {
		causeIDs = append(causeIDs, c.ID.Value)
	}
	for i, f := range a.Fixes {
		if len(f.Solves) == 0 && len(a.Causes) > 0 {
			w.Addf(f.Pos, fmt.Sprintf("fixes[%d].solves", i), "the fix solves no cause: list the ids of the causes it addresses (causes are: %s)", strings.Join(causeIDs, ", "))
		}
	}
	for i, c := range a.Causes {
		if len(a.FixesFor(c.ID.Value)) == 0 {
			w.Addf(c.Pos, fmt.Sprintf("causes[%d]", i), "no fix solves %q: add it to the solves of the fix that addresses it, or remove the cause", c.ID.Value)
		}
	}

	if !placeholders["summary"] && !a.Summary.IsZero() {
		switch n := len([]rune(strings.Join(strings.Fields(a.Summary.Src), " "))); {
		case n > MaxSummary:
			w.Addf(a.Summary.Pos, "summary", "%d characters is too long for a search result snippet: keep the quick answer under %d and move details to causes and fixes", n, MaxSummary)
		case n < MinSummary:
			w.Addf(a.Summary.Pos, "summary", "%d characters is too short to answer: say what the error means and the fastest fix, in at least %d", n, MinSummary)
		}
	}

	// A day's grace: a writer east of UTC may be a day ahead of CI.
	for _, d := range []struct {
		field string
		date  Date
	}{{"published", a.Published}, {"updated", a.Updated}} {
		if d.date.Time.After(today.AddDate(0, 0, 1)) {
			w.Addf(d.date.Pos, d.field, "%s is after today (%s): the page, the sitemap and search results would show a day that has not come; use the day of the change", d.date, today.Format(time.DateOnly))
		}
	}

	if !a.ReviewBy.IsZero() && a.ReviewBy.Time.Before(today) {
		w.Addf(a.ReviewBy.Pos, "review_by", "%s has passed: check that the article is still right, then set a new review_by date (and updated, if you changed it)", a.ReviewBy)
	}

	for i, qa := range a.FAQ {
		field := fmt.Sprintf("faq[%d].a", i)
		if placeholders[field] || placeholders[fmt.Sprintf("faq[%d].q", i)] {
			continue
		}
		if q := words(qa.Q.Src); q != "" && startsWithWords(qa.A.Src, q) {
			w.Add(qa.A.Pos, field, "the answer repeats the question: the page already shows the question, so answer it directly")
		}
	}
}

// placeholderID warns about an id left as the template wrote it.
func placeholderID(w *ErrorList, field string, id ID, what, example string) {
	v := strings.ToLower(id.Value)
	if v == "todo" || strings.HasPrefix(v, "todo-") {
		w.Addf(id.Pos, field, "%q is a placeholder id: name the %s (for example %q); it becomes the link anchor, so choose one you can keep", id.Value, what, example)
	}
}

// NearMessages reports whether two normalized error messages are so close
// that they are probably the same error: one contains the other (and is at
// least 12 characters long), or they differ by at most 15% of their length
// in edits. Messages whose codes or numbers differ (Error 53, Error 54;
// 0x800CCC0E, 0x800CCC0F) are different errors, however close.
func NearMessages(a, b string) bool {
	return newMessage(nil, a).near(newMessage(nil, b))
}

// A message is a normalized error message measured for NearMessages.
type message struct {
	a      *Article
	norm   string
	rs     []rune // norm's, made once: every two messages of a product are compared
	runes  int
	codes  string
	counts [histBuckets]uint8 // how often each rune occurs, by rune % histBuckets
	// pairs has a bit for each two runes in a row (hashed): a message
	// that contains another has all of its bits. Most pairs of messages
	// fail that test, which costs less than looking for one in the other
	// (a tenth of check's CPU at 10,000 articles).
	pairs [4]uint64
}

const histBuckets = 64

func newMessage(a *Article, norm string) *message {
	m := &message{a: a, norm: norm, rs: []rune(norm), codes: codes(norm)}
	for i, r := range m.rs {
		m.runes++
		if c := &m.counts[r%histBuckets]; *c < 255 {
			*c++
		}
		if i > 0 {
			h := uint32(m.rs[i-1])*0x9e3779b1 ^ uint32(r)*0x85ebca6b
			h = h * 0xc2b2ae35 >> 24 // 0..255
			m.pairs[h/64] |= 1 << (h % 64)
		}
	}
	return m
}

// mayContain says whether a may contain b: every two runes in a row of b
// are in a.
func (a *message) mayContain(b *message) bool {
	return b.pairs[0]&^a.pairs[0]|b.pairs[1]&^a.pairs[1]|b.pairs[2]&^a.pairs[2]|b.pairs[3]&^a.pairs[3] == 0
}

func (a *message) near(b *message) bool {
	if a.codes != b.codes {
		return false
	}
	short, long := a, b
	if a.runes > b.runes {
		short, long = b, a
	}
	if short.runes >= 12 && long.mayContain(short) && strings.Contains(long.norm, short.norm) {
		return true
	}
	limit := long.runes * 15 / 100
	if limit == 0 || long.runes-short.runes > limit {
		return false
	}
	// An insertion or deletion changes the rune counts by one, a
	// substitution by two, a transposition not at all: half the counts'
	// difference is a lower bound of the distance. Buckets shared by
	// several runes only lower it further, so it stays a bound.
	diff := 0
	for i := range a.counts {
		diff += abs(int(a.counts[i]) - int(b.counts[i]))
	}
	if (diff+1)/2 > limit {
		return false
	}
	return withinRunes(a.rs, b.rs, limit)
}

// codes returns the words of s that contain a digit, in order.
func codes(s string) string {
	var out []string
	for _, w := range strings.FieldsFunc(s, notWordRune) {
		if strings.ContainsFunc(w, unicode.IsDigit) {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

// words lowercases s and keeps only its words, separated by single spaces:
// "Is it safe?" and "is it safe" are the same words.
func words(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), notWordRune), " ")
}

// startsWithWords reports whether words(s) is q or starts with q and a
// space, reading only as much of s as q's words need (an answer is long,
// its first words are what matter).
func startsWithWords(s, q string) bool {
	var b strings.Builder
	for len(s) > 0 && b.Len() < len(q) {
		i := strings.IndexFunc(s, func(r rune) bool { return !notWordRune(r) })
		if i < 0 {
			break
		}
		s = s[i:]
		end := strings.IndexFunc(s, notWordRune)
		if end < 0 {
			end = len(s)
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strings.ToLower(s[:end]))
		s = s[end:]
	}
	return b.String() == q
}

// mentions reports whether any text field of the article contains s.
func (a *Article) mentions(s string) bool {
	for _, t := range []Text{a.Title, a.Error, a.Product, a.Summary} {
		if strings.Contains(t.Src, s) {
			return true
		}
	}
	for _, ts := range [][]Text{a.Codes, a.Platforms, a.Tags} {
		for _, t := range ts {
			if strings.Contains(t.Src, s) {
				return true
			}
		}
	}
	for _, c := range a.Causes {
		if strings.Contains(c.Text.Src, s) {
			return true
		}
	}
	for _, f := range a.Fixes {
		if strings.Contains(f.Title.Src, s) || strings.Contains(f.Note.Src, s) || strings.Contains(f.Warning.Src, s) {
			return true
		}
		for _, t := range f.Steps {
			if strings.Contains(t.Src, s) {
				return true
			}
		}
	}
	for _, q := range a.FAQ {
		if strings.Contains(q.Q.Src, s) || strings.Contains(q.A.Src, s) {
			return true
		}
	}
	return false
}

// mayBreakLink is a quick look for what spacedLink or unclosedLink match
// (it may say yes where they do not): a "]" then spaces and "(", or a "("
// and an address inside "[…" before any "]".
func mayBreakLink(s string) bool {
	for i := strings.IndexByte(s, '['); i >= 0; {
		rest := s[i+1:]
		end := strings.IndexAny(rest, "[]\n")
		inside := rest
		if end >= 0 {
			inside = rest[:end]
		}
		for p := strings.IndexByte(inside, '('); p >= 0; p = strings.IndexByte(inside, '(') {
			if inside = inside[p+1:]; linkStart(inside) {
				return true
			}
		}
		if end < 0 {
			return false
		}
		if rest[end] == ']' {
			after := rest[end+1:]
			if trimmed := strings.TrimLeft(after, " \t"); len(trimmed) < len(after) && strings.HasPrefix(trimmed, "(") {
				return true
			}
		}
		next := strings.IndexByte(rest[end:], '[')
		if next < 0 {
			return false
		}
		i += 1 + end + next
	}
	return false
}

// linkStart reports text that starts like a link's address.
func linkStart(s string) bool {
	for _, p := range []string{"https://", "http://", "mailto:", "/", "#"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// textField is a writer's text with the path of its field.
type textField struct {
	field string
	text  Text
}

// textFields lists every text field of the article, in file order.
func (a *Article) textFields() []textField {
	out := []textField{{"title", a.Title}, {"error", a.Error}}
	for i, t := range a.Codes {
		out = append(out, textField{fmt.Sprintf("codes[%d]", i), t})
	}
	out = append(out, textField{"product", a.Product})
	for i, t := range a.Platforms {
		out = append(out, textField{fmt.Sprintf("platforms[%d]", i), t})
	}
	for i, t := range a.Tags {
		out = append(out, textField{fmt.Sprintf("tags[%d]", i), t})
	}
	out = append(out, textField{"summary", a.Summary})
	for i, c := range a.Causes {
		out = append(out, textField{fmt.Sprintf("causes[%d].text", i), c.Text})
	}
	for i, f := range a.Fixes {
		p := fmt.Sprintf("fixes[%d].", i)
		out = append(out, textField{p + "title", f.Title}, textField{p + "note", f.Note}, textField{p + "warning", f.Warning})
		for j, s := range f.Steps {
			out = append(out, textField{fmt.Sprintf("%ssteps[%d]", p, j), s})
		}
	}
	for i, q := range a.FAQ {
		p := fmt.Sprintf("faq[%d].", i)
		out = append(out, textField{p + "q", q.Q}, textField{p + "a", q.A})
	}
	return out
}
