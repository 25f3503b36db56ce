package kb

import (
	"cmp"
	"fmt"
	"math"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// idPattern is the shape of slugs and ids: lowercase ASCII words joined by
// single hyphens. They become URL paths and fragments, so nothing else is
// allowed. ValidID checks it by hand; TestValidIDMatchesPattern holds them
// together.
var idPattern = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// ValidPath reports whether s is a page path of the site: /a/ or /a/b/,
// each part a valid slug.
func ValidPath(s string) bool {
	if len(s) < 3 || s[0] != '/' || s[len(s)-1] != '/' {
		return false
	}
	for _, part := range strings.Split(s[1:len(s)-1], "/") {
		if !ValidID(part) {
			return false
		}
	}
	return true
}

// ValidID reports whether s can be a slug or an id.
func ValidID(s string) bool {
	// By hand, as idPattern says: every anchor of every article is checked.
	if s == "" || len(s) > 80 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '-' && s[i-1] != '-':
		default:
			return false
		}
	}
	return true
}

// Validate checks the rules that hold within each article and across all of
// them, and returns every problem found. Structural problems (YAML syntax,
// unknown keys, wrong types) are the loader's; Validate assumes the values
// are typed and checks what they mean.
func Validate(articles []*Article) ErrorList {
	errs := eachArticle(articles, validateArticle)
	validateAcross(articles, &errs)
	return errs.Sort()
}

// eachArticle runs check on every article, on all CPUs (each worker with a
// list of its own), and returns what they found, unsorted: callers sort,
// which makes the order the same however the work was shared.
func eachArticle(articles []*Article, check func(a *Article, errs *ErrorList)) ErrorList {
	workers := min(runtime.GOMAXPROCS(0), len(articles)/256+1)
	lists := make([]ErrorList, workers)
	chunk := (len(articles) + workers - 1) / workers
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for _, a := range articles[min(w*chunk, len(articles)):min((w+1)*chunk, len(articles))] {
				check(a, &lists[w])
			}
		})
	}
	wg.Wait()
	return slices.Concat(lists...)
}

// ValidateEdited is Validate for a knowledge base whose articles were all
// valid but those in edited: each of edited is checked on its own, and all
// of them together (duplicate messages, URLs). It finds what Validate would.
func ValidateEdited(articles, edited []*Article) ErrorList {
	var errs ErrorList
	for _, a := range edited {
		validateArticle(a, &errs)
	}
	validateAcross(articles, &errs)
	return errs.Sort()
}

func validateArticle(a *Article, errs *ErrorList) {
	filePos := Pos{File: a.File}
	if !ValidID(a.ProductSlug) {
		errs.Addf(filePos, "", "product folder %q is not a valid slug: use lowercase letters, digits and single hyphens (for example %q)", a.ProductSlug, Slugify(a.ProductSlug))
	}
	if what, ok := SitePaths["/"+a.ProductSlug+"/"]; ok {
		errs.Addf(filePos, "", "product folder %q would take the address of %s (/%s/): name the product more fully (for example %q), and its folder after it", a.ProductSlug, what, a.ProductSlug, a.Product.Src+" app")
	}
	if !ValidID(a.Slug) {
		errs.Addf(filePos, "", "file name %q is not a valid slug: use lowercase letters, digits and single hyphens, then .yaml (for example %q)", a.Slug, Slugify(a.Slug)+".yaml")
	}

	requiredHint(errs, a.Pos, "error", a.Error, "the message exactly as the reader sees it, such as Cannot verify server identity")
	requiredHint(errs, a.Pos, "product", a.Product, "the product's name as its readers know it, such as iOS Mail")
	requiredHint(errs, a.Pos, "summary", a.Summary, "the quick answer: what the message means and the fastest fix, in two to four sentences")
	if a.Updated.IsZero() && !a.Updated.Pos.IsValid() {
		errs.Add(a.Pos, "updated", "required: the day of the last change, as YYYY-MM-DD")
	}
	// A product named without Latin letters or digits (微信) gives no
	// folder name: its folder names it in addresses (content/wechat/), and
	// validateAcross keeps one folder per such name.
	if slug := Slugify(a.Product.Src); !a.Product.IsZero() && ValidID(a.ProductSlug) && slug != "" && slug != a.ProductSlug {
		errs.Addf(a.Product.Pos, "product", "%q belongs in folder content/%s/, not content/%s/", a.Product.Src, slug, a.ProductSlug)
	}
	if !a.Published.IsZero() && !a.Updated.IsZero() && a.Updated.Time.Before(a.Published.Time) {
		errs.Addf(a.Updated.Pos, "updated", "%s is before published (%s)", a.Updated, a.Published)
	}
	for i, t := range a.Codes {
		required(errs, t.Pos, fmt.Sprintf("codes[%d]", i), t)
	}
	for i, t := range a.Platforms {
		required(errs, t.Pos, fmt.Sprintf("platforms[%d]", i), t)
	}
	for i, t := range a.Tags {
		required(errs, t.Pos, fmt.Sprintf("tags[%d]", i), t)
	}
	for i, t := range a.Aliases {
		if !ValidPath(t.Src) {
			errs.Addf(t.Pos, fmt.Sprintf("aliases[%d]", i), "%q is not a path of this site: write it as /<product>/<error>/, lowercase, with slashes around", t.Src)
		}
	}

	if len(a.Causes) == 0 {
		errs.Add(cmp.Or(a.CausesPos, a.Pos), "causes", "required: list at least one cause of the error")
	}
	var causeNames []string
	for i, c := range a.Causes {
		field := fmt.Sprintf("causes[%d]", i)
		id(errs, c.Pos, field, c.ID)
		if c.ID.Value != "" {
			causeNames = append(causeNames, c.ID.Value)
		}
		required(errs, c.Pos, field+".text", c.Text)
	}

	if len(a.Fixes) == 0 {
		errs.Add(cmp.Or(a.FixesPos, a.Pos), "fixes", "required: list at least one fix")
	}
	for i, f := range a.Fixes {
		field := fmt.Sprintf("fixes[%d]", i)
		id(errs, f.Pos, field, f.ID)
		required(errs, f.Pos, field+".title", f.Title)
		switch f.Level {
		case Basic, Advanced:
		default:
			errs.Addf(f.Pos, field+".level", "%q is not a level: use basic or advanced", f.Level)
		}
		if len(f.Steps) == 0 {
			errs.Add(f.Pos, field+".steps", "required: list at least one step")
		}
		for j, s := range f.Steps {
			required(errs, s.Pos, fmt.Sprintf("%s.steps[%d]", field, j), s)
		}
		for j, sid := range f.StepIDs {
			if sid.Pos.IsValid() && !ValidID(sid.Value) {
				errs.Addf(sid.Pos, fmt.Sprintf("%s.steps[%d].id", field, j), "%q is not a valid id: use lowercase letters, digits and single hyphens (for example %q)", sid.Value, Slugify(sid.Value))
			}
		}
		seen := make(map[string]bool)
		for j, r := range f.Solves {
			rf := fmt.Sprintf("%s.solves[%d]", field, j)
			switch {
			case r.Value == "":
				errs.Add(r.Pos, rf, "empty: name the id of a cause")
			case seen[r.Value]:
				errs.Addf(r.Pos, rf, "%q is listed twice", r.Value)
			case len(causeNames) == 0:
				// No cause has an id: that is reported above, and is
				// what to fix first.
			case a.Cause(r.Value) == nil:
				errs.Addf(r.Pos, rf, "no cause %q%s; causes are: %s", r.Value, suggest(r.Value, causeNames), strings.Join(causeNames, ", "))
			}
			seen[r.Value] = true
		}
	}

	for i, q := range a.FAQ {
		field := fmt.Sprintf("faq[%d]", i)
		if q.ID.Pos.IsValid() && !ValidID(q.ID.Value) {
			errs.Addf(q.ID.Pos, field+".id", "%q is not a valid id: use lowercase letters, digits and single hyphens (for example %q)", q.ID.Value, Slugify(q.ID.Value))
		}
		required(errs, q.Pos, field+".q", q.Q)
		required(errs, q.Pos, field+".a", q.A)
	}

	validateAnchors(a, errs)
	a.markdownFields(func(t Text, f field) { validateMarkup(t, f, errs) })
	oneLine(errs, "title", a.Title)
	oneLine(errs, "error", a.Error)
	oneLine(errs, "product", a.Product)
	for i, c := range a.Causes {
		oneLine(errs, fmt.Sprintf("causes[%d].text", i), c.Text)
	}
	for i, f := range a.Fixes {
		oneLine(errs, fmt.Sprintf("fixes[%d].title", i), f.Title)
		oneLine(errs, fmt.Sprintf("fixes[%d].note", i), f.Note)
	}
	for i, q := range a.FAQ {
		oneLine(errs, fmt.Sprintf("faq[%d].q", i), q.Q)
	}
}

// validateAnchors reports two things on one page that would share an
// anchor: ids used twice, an id equal to a section's or to a derived anchor
// (accept-certificate-step-2), two questions with the same words.
func validateAnchors(a *Article, errs *ErrorList) {
	anchors := a.anchors()
	seen := make(map[string]anchor, len(SectionIDs)+len(anchors))
	for _, id := range SectionIDs {
		seen[id] = anchor{id: id, kind: "section"}
	}
	clashed := make(map[int]bool) // fixes whose own id was reported
	for _, an := range anchors {
		if !ValidID(an.id) {
			continue // an invalid or missing id is reported on its own
		}
		prev, dup := seen[an.id]
		if !dup {
			seen[an.id] = an
			continue
		}
		if an.kind == "fixes" {
			if an.derived && clashed[an.i] {
				continue // two fixes named alike: their steps clash too, said once
			}
			clashed[an.i] = true
		}
		switch {
		case prev.kind == "section":
			errs.Addf(an.pos, an.field(), "%q is the anchor of a section of the page; choose another id", an.id)
		case prev.pos == an.pos:
			// The same field gave both (a fix's own derived anchors): cannot clash.
		case an.kind == "faq" && prev.kind == "faq":
			errs.Addf(an.pos, an.field(), "the same question is already asked at line %d", prev.pos.Line)
		default:
			errs.Addf(an.pos, an.field(), "%q is already an anchor on this page (from %s at line %d); ids must be unique across causes, fixes, steps and questions", an.id, prev.field(), prev.pos.Line)
		}
	}
}

// Bounds of one text field's Markdown. No article needs more, and past
// them the Markdown parser's time grows with the square of the text: one
// cause of "- " written 80,000 times (160 KB) took 14 s to build.
const (
	MaxFieldBytes = 20_000
	MaxNesting    = 8 // lists and quotes inside each other
)

// validateMarkup reports a field too long, or nested too deep, to be
// Markdown a writer meant.
func validateMarkup(t Text, f field, errs *ErrorList) {
	if len(t.Src) > MaxFieldBytes {
		errs.Addf(t.Pos, f.String(), "is %d bytes long; keep a field under %d (split a long step into steps, or move detail to the FAQ)", len(t.Src), MaxFieldBytes)
		return
	}
	for line := range strings.Lines(t.Src) {
		if n := nesting(line); n > MaxNesting {
			errs.Addf(t.Pos, f.String(), "a line starts with %d list or quote marks; at most %d lists or quotes go inside each other", n, MaxNesting)
			return
		}
	}
}

// nesting counts the list and quote marks a line starts with ("- ", "* ",
// "+ ", "> ", "1. ", "1) "), each opening a list or quote inside the last.
func nesting(line string) int {
	n := 0
	for {
		line = strings.TrimLeft(line, " ")
		switch {
		case strings.HasPrefix(line, ">"):
			line = line[1:]
		case len(line) > 1 && strings.ContainsRune("-*+", rune(line[0])) && (line[1] == ' ' || line[1] == '\t'):
			line = line[2:]
		default:
			i := 0
			for i < len(line) && i < 9 && line[i] >= '0' && line[i] <= '9' {
				i++
			}
			if i == 0 || i+1 >= len(line) || line[i] != '.' && line[i] != ')' || line[i+1] != ' ' {
				return n
			}
			line = line[i+2:]
		}
		n++
	}
}

// oneLine reports a line break in a field shown on one line (a title, a
// heading, a list item); text that needs paragraphs belongs in summary,
// steps, warning or an answer.
func oneLine(errs *ErrorList, field string, t Text) {
	if strings.Contains(t.Src, "\n") {
		errs.Add(t.Pos, field, "must be one line: use a plain or folded (>-) scalar, not a literal block (|)")
	}
}

// SitePaths are the addresses of the site's own folders, which no product
// and no alias may take: a product folder named search replaced the search
// page, and an alias /search/ redirected it ("301!" applies even where a
// file exists).
var SitePaths = map[string]string{
	"/search/":       "the site's search page",
	"/thanks/":       "the site's thank-you page",
	"/api/":          "the site's API folder",
	"/css/":          "the site's style sheets",
	"/js/":           "the site's scripts",
	"/search-index/": "the site's search index",
}

// validateAcross checks what no single file can: two articles must not
// describe the same error message of the same product, and no two pages
// may claim the same address (an article's URL or an alias).
func validateAcross(articles []*Article, errs *ErrorList) {
	type claim struct {
		file string
		pos  Pos
	}
	claimed := make(map[string]claim)
	for p, what := range SitePaths {
		claimed[p] = claim{file: what}
	}
	// A product named without Latin letters is placed by its folder
	// alone: one folder per such name, and one name per such folder.
	folderOf, nameOf := make(map[string]*Article), make(map[string]*Article)
	for _, a := range articles {
		if a.Product.IsZero() || Slugify(a.Product.Src) != "" {
			continue
		}
		name := strings.TrimSpace(a.Product.Src)
		if first, ok := folderOf[name]; ok && first.ProductSlug != a.ProductSlug {
			errs.Addf(a.Product.Pos, "product", "the articles of %q are in content/%s/ (%s): put this one there too, or name the product as those do", name, first.ProductSlug, first.File)
			continue
		} else if !ok {
			folderOf[name] = a
		}
		if first, ok := nameOf[a.ProductSlug]; ok && strings.TrimSpace(first.Product.Src) != name {
			errs.Addf(a.Product.Pos, "product", "content/%s/ holds the articles of %q (%s): name the product as those do, or move this article to a folder of its own", a.ProductSlug, strings.TrimSpace(first.Product.Src), first.File)
		} else if !ok {
			nameOf[a.ProductSlug] = a
		}
	}
	for _, a := range articles {
		claimed[a.URL()] = claim{file: a.File}
		if _, site := SitePaths["/"+a.ProductSlug+"/"]; !site { // reported in validateArticle
			claimed["/"+a.ProductSlug+"/"] = claim{file: "the product page of " + a.Product.Src}
		}
	}
	for _, a := range articles {
		for i, t := range a.Aliases {
			if !ValidPath(t.Src) {
				continue
			}
			field := fmt.Sprintf("aliases[%d]", i)
			switch prev, ok := claimed[t.Src]; {
			case ok && prev.file == a.File && !prev.pos.IsValid():
				errs.Addf(t.Pos, field, "%q is this article's own address", t.Src)
			case ok && prev.pos.IsValid():
				errs.Addf(t.Pos, field, "%q is already an alias in %s (line %d); an old address can redirect to one article only", t.Src, prev.file, prev.pos.Line)
			case ok:
				errs.Addf(t.Pos, field, "%q is the address of %s; an alias must be an address no page has", t.Src, prev.file)
			default:
				claimed[t.Src] = claim{file: a.File, pos: t.Pos}
			}
		}
	}

	type key struct{ product, message, codes string }
	first := make(map[key]*Article)
	for _, a := range articles {
		if a.Error.IsZero() {
			continue
		}
		// The same message with different codes is a different error:
		// "Install error - 0x80070005" and "- 0x800f0922" need their own
		// articles, as do Chrome's "This site can't be reached" per code.
		codes := make([]string, len(a.Codes))
		for i, c := range a.Codes {
			codes[i] = strings.ToLower(c.Src)
		}
		slices.Sort(codes)
		k := key{a.ProductSlug, NormalizeMessage(a.Error.Src), strings.Join(codes, " ")}
		if prev, ok := first[k]; ok {
			errs.Addf(a.Error.Pos, "error", "the same error message (with the same codes) is already described in %s (line %d); merge the two articles", prev.File, prev.Error.Pos.Line)
			continue
		}
		first[k] = a
	}

	// Two pages with one title: most often an article copied from
	// another, its message changed and its title not. Only a title the
	// writer wrote can be the mistake (default titles differ when the
	// messages do, and the same message is reported above).
	titles := make(map[string]*Article)
	for _, a := range articles {
		if a.Error.IsZero() {
			continue
		}
		k := NormalizeMessage(a.DisplayTitle())
		prev, ok := titles[k]
		if !ok {
			titles[k] = a
			continue
		}
		at, other := a, prev
		if a.Title.IsZero() {
			at, other = prev, a
		}
		if !at.Title.IsZero() {
			errs.Addf(at.Title.Pos, "title", "the same title as %s: each article needs its own (an article copied from another keeps its title); write this one's, or remove title: for the default, How to fix \"<error>\" in <product>", other.File)
		}
	}
}

// curlyQuotes makes curly quotes straight. A Replacer is made once: made
// for each message, it was most of the cost of comparing every message of
// the knowledge base after each edit in serve (50 ms at 10,000 articles).
var curlyQuotes = strings.NewReplacer("\u2018", "'", "\u2019", "'", "\u201c", `"`, "\u201d", `"`)

// NormalizeMessage folds the differences that do not make two error messages
// different: case, surrounding quotes and punctuation, curly quotes, runs of
// space.
func NormalizeMessage(s string) string {
	s = curlyQuotes.Replace(s)
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	return strings.Trim(s, ` "'.!`)
}

func required(errs *ErrorList, parent Pos, field string, t Text) {
	if strings.TrimSpace(t.Src) != "" {
		return
	}
	if t.Pos.IsValid() {
		errs.Add(t.Pos, field, "must not be empty")
		return
	}
	errs.Add(parent, field, "required")
}

// requiredHint is required, saying what to write when the field is
// missing.
func requiredHint(errs *ErrorList, parent Pos, field string, t Text, hint string) {
	if strings.TrimSpace(t.Src) == "" && !t.Pos.IsValid() {
		errs.Add(parent, field, "required: "+hint)
		return
	}
	required(errs, parent, field, t)
}

func id(errs *ErrorList, parent Pos, field string, v ID) {
	switch {
	case v.Value == "" && !v.Pos.IsValid():
		errs.Add(parent, field+".id", "required: a short stable id such as \"expired-certificate\" (it becomes the link anchor)")
	case !ValidID(v.Value):
		errs.Addf(v.Pos, field+".id", "%q is not a valid id: use lowercase letters, digits and single hyphens (for example %q)", v.Value, Slugify(v.Value))
	}
}

// suggest returns ` (did you mean "x"?)` for the candidate closest to s, when
// one is close enough to be a typo.
func suggest(s string, candidates []string) string {
	if best := Closest(s, candidates); best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return ""
}

// Closest returns the candidate nearest to s by edit distance when it is
// close enough to be a typo of it, or "".
func Closest(s string, candidates []string) string {
	best, bestD := "", -1
	for _, c := range candidates {
		d := distance(s, c)
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	if bestD < 0 || bestD > max(1, len([]rune(s))/3) {
		return ""
	}
	return best
}

// distance is the Damerau–Levenshtein (optimal string alignment) distance,
// so that a swap of two letters ("stpes") counts as one edit.
func distance(a, b string) int { return boundedDistance(a, b, math.MaxInt-1) }

// withinDistance reports whether distance(a, b) <= limit.
func withinDistance(a, b string, limit int) bool { return withinRunes([]rune(a), []rune(b), limit) }

// withinRunes reports whether distance(a, b) <= limit. It computes only
// the band of the table within limit of its diagonal: a cell (i, j) with
// |i-j| > limit is at least |i-j| edits, and a cell of the band whose
// distance is within the limit never comes from one outside it, so those
// outside can be taken as over the limit. The near-duplicate warning
// compares every two messages of a product: at 10,000 articles the whole
// table, made afresh for each pair, was a fifth of check's CPU.
func withinRunes(a, b []rune, limit int) bool {
	if limit < 0 {
		return false
	}
	n, m := len(a), len(b)
	if abs(n-m) > limit {
		return false
	}
	over := int32(limit + 1) // any cell over the limit is as good as this
	var buf [3][64]int32
	prev2, prev, cur := buf[0][:], buf[1][:], buf[2][:]
	if m+1 > len(prev) {
		prev2, prev, cur = make([]int32, m+1), make([]int32, m+1), make([]int32, m+1)
	}
	for j := 0; j <= m; j++ {
		prev[j] = int32(min(j, limit+1))
	}
	for i := 1; i <= n; i++ {
		lo, hi := max(1, i-limit), min(m, i+limit)
		low := over
		if lo-1 == 0 {
			cur[0] = int32(min(i, limit+1))
			low = cur[0]
		} else {
			cur[lo-1] = over
		}
		for j := lo; j <= hi; j++ {
			cost := int32(1)
			if a[i-1] == b[j-1] {
				cost = 0
			}
			c := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				c = min(c, prev2[j-2]+1)
			}
			c = min(c, over)
			cur[j] = c
			low = min(low, c)
		}
		if hi+1 <= m {
			cur[hi+1] = over // the next row reads it as the cell above
		}
		if low >= over {
			return false
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[m] <= int32(limit)
}

// boundedDistance is distance(a, b) when that is at most limit, and some
// number over limit otherwise: it computes no more rows of the table than
// it must. Once a row is wholly over the limit no later cell can come back
// under it: a cell grows from the row above, or by a transposition from
// the row two above, which costs no less than the cell it passes in the
// row between (d[i][j-1] <= d[i-1][j-2]+1 = the transposed d[i+1][j]).
func boundedDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if abs(len(ra)-len(rb)) > limit {
		return limit + 1
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		low := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			low = min(low, cur[j])
		}
		if low > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
