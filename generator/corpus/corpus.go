// Package corpus generates a deterministic knowledge base of realistic
// troubleshooting articles, for benchmarks and load tests. The same n and
// seed always give the same files, byte for byte.
//
// The text has no meaning, but it is shaped like the real articles: words
// drawn from word lists with a Zipf-like distribution (a few words are
// everywhere, most are rare), sentences of varied length, inline Markdown
// (bold menu names, code spans, links), fenced code blocks, error codes of
// the shapes readers paste (0x8007xxxx, ERR_SOMETHING, 550 5.7.1), 20
// products, 3–8 causes, 2–6 fixes of 2–8 steps and 0–6 questions.
package corpus

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"kbgen/generator/kb"
)

// DefaultSeed is the seed of the benchmark corpus.
const DefaultSeed = 1

// A File is one generated article: its path relative to the project
// (content/<product>/<error>.yaml) and its YAML.
type File struct {
	Path string
	Data []byte
}

// Article is what the generator knows about an article it wrote, for
// benchmarks that query the search: the page, the message, the codes.
type Article struct {
	URL   string
	Error string
	Codes []string
	Words []string // words of the error message and the title, lowercase
}

// Corpus is a generated knowledge base.
type Corpus struct {
	Files    []File
	Articles []Article // same order as Files
}

// Generate returns n articles, the same for the same n and seed. The first
// k articles of Generate(n) are those of Generate(k) for any k ≤ n.
func Generate(n int, seed uint64) *Corpus {
	g := &gen{
		r:        rand.New(rand.NewPCG(seed, 0x6b62)),
		slugs:    make(map[string]bool),
		messages: make(map[string]bool),
	}
	c := &Corpus{}
	for i := range n {
		f, a := g.article(i)
		c.Files = append(c.Files, f)
		c.Articles = append(c.Articles, a)
	}
	return c
}

// Write writes the articles under dir (dir/content/<product>/<error>.yaml).
func (c *Corpus) Write(dir string) error {
	for _, f := range c.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o777); err != nil {
			return err
		}
		if err := os.WriteFile(p, f.Data, 0o666); err != nil {
			return err
		}
	}
	return nil
}

type gen struct {
	r        *rand.Rand
	slugs    map[string]bool // product/slug
	messages map[string]bool // product\x00normalized message
}

// zipf draws an index below n, index k with weight 1/(k+1)^1.1.
func (g *gen) zipf(n int) int {
	// Inverse of the continuous approximation of the distribution.
	const s = 1.1
	u := g.r.Float64()
	max := math.Pow(float64(n)+1, 1-s)
	x := math.Pow(1-u*(1-max), 1/(1-s)) - 1
	return min(int(x), n-1)
}

func (g *gen) pick(list []string) string { return list[g.zipf(len(list))] }
func (g *gen) uniform(list []string) string {
	return list[g.r.IntN(len(list))]
}
func (g *gen) between(lo, hi int) int { return lo + g.r.IntN(hi-lo+1) }
func (g *gen) chance(p float64) bool  { return g.r.Float64() < p }

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// fill expands a template: %n noun, %N capitalized noun, %a adjective,
// %v participle, %V verb.
func (g *gen) fill(t string) string {
	var b strings.Builder
	for i := 0; i < len(t); i++ {
		if t[i] != '%' || i+1 == len(t) {
			b.WriteByte(t[i])
			continue
		}
		i++
		switch t[i] {
		case 'n':
			b.WriteString(g.pick(nouns))
		case 'N':
			b.WriteString(capitalize(g.pick(nouns)))
		case 'a':
			b.WriteString(g.pick(adjectives))
		case 'v':
			b.WriteString(g.pick(participles))
		case 'V':
			b.WriteString(g.pick(verbs))
		}
	}
	return b.String()
}

// phrase is a noun phrase: the new mail server.
func (g *gen) phrase() string {
	p := g.pick(fillers) + " "
	if g.chance(0.4) {
		p += g.pick(adjectives) + " "
	}
	p += g.pick(nouns)
	if g.chance(0.25) {
		p += " " + g.pick(nouns)
	}
	return p
}

// sentence is a sentence of about words words, with some inline Markdown.
func (g *gen) sentence(words int, markdown bool) string {
	var parts []string
	n := 0
	for n < words {
		var clause string
		switch g.r.IntN(5) {
		case 0:
			clause = g.phrase() + " " + g.pick([]string{"is", "was", "can be", "may be", "is not"}) + " " + g.pick(adjectives)
		case 1:
			clause = g.pick(verbs) + " " + g.phrase()
		case 2:
			clause = g.pick(preps) + " " + g.phrase()
		case 3:
			clause = g.phrase() + " " + g.pick(adverbs)
		default:
			clause = g.pick([]string{"if", "when", "because", "so that", "until", "while"}) + " " + g.phrase() + " " + g.pick([]string{"is", "stays", "becomes", "looks"}) + " " + g.pick(adjectives)
		}
		if markdown {
			switch g.r.IntN(14) {
			case 0:
				clause += " **" + g.pick(menus) + "**"
			case 1:
				clause += " `" + strings.ReplaceAll(g.pick(nouns), " ", "-") + "." + g.uniform([]string{"example.com", "ini", "log", "exe", "json"}) + "`"
			case 2:
				clause += " (see [" + g.pick(nouns) + " help](https://support.example.com/" + strings.ReplaceAll(g.pick(nouns), " ", "-") + "))"
			}
		}
		parts = append(parts, clause)
		n += strings.Count(clause, " ") + 1
	}
	s := capitalize(strings.Join(parts, g.pick([]string{" ", ", ", " and ", ", then ", " or "})))
	return s + "."
}

func (g *gen) sentences(lo, hi, words int, markdown bool) string {
	n := g.between(lo, hi)
	out := make([]string, n)
	for i := range out {
		out[i] = g.sentence(g.between(words/2, words*3/2), markdown)
	}
	return strings.Join(out, " ")
}

// step is one step of a fix: an action on a menu, sometimes with a code block.
func (g *gen) step() string {
	var s string
	switch g.r.IntN(4) {
	case 0:
		s = fmt.Sprintf("Open **%s** and select **%s**.", g.pick(menus), g.pick(menus))
	case 1:
		s = fmt.Sprintf("Select **%s** > **%s** > **%s**.", g.pick(menus), g.pick(menus), g.pick(menus))
	default:
		s = capitalize(g.pick(verbs)) + " " + g.phrase() + "."
	}
	if g.chance(0.6) {
		s += " " + g.sentences(1, 3, 12, true)
	}
	if g.chance(0.07) {
		s += "\n\n" + g.codeBlock()
		if g.chance(0.5) {
			s += "\n\n" + g.sentences(1, 2, 10, true)
		}
	}
	return s
}

func (g *gen) codeBlock() string {
	var b strings.Builder
	if g.chance(0.5) {
		b.WriteString("```ini\n")
		fmt.Fprintf(&b, "[%s]\n", capitalize(strings.ReplaceAll(g.pick(nouns), " ", "")))
		for range g.between(2, 6) {
			fmt.Fprintf(&b, "%s = %s\n", strings.ReplaceAll(g.pick(nouns), " ", "_"), g.uniform([]string{
				"imap.example.com", "993", "true", "false", "0", "C:\\Program Files\\App", "smtp.example.org", "auto",
			}))
		}
	} else {
		b.WriteString("```text\n")
		for i := range g.between(2, 5) {
			fmt.Fprintf(&b, "2026-10-%02d 12:%02d:%02d %s %s: %s\n", 1+i, g.r.IntN(60), g.r.IntN(60),
				g.uniform(logWords), capitalize(g.pick(nouns)), g.sentence(6, false))
		}
	}
	b.WriteString("```")
	return b.String()
}

// code is an error code of one of the shapes readers paste.
func (g *gen) code() string {
	switch g.r.IntN(5) {
	case 0, 1:
		return fmt.Sprintf("0x%s%04X", g.uniform([]string{"8007", "800C", "8024", "C004", "8004"}), g.r.IntN(0x10000))
	case 2:
		n := g.between(2, 4)
		w := make([]string, n)
		for i := range w {
			w[i] = strings.ToUpper(strings.ReplaceAll(g.pick(nouns), " ", "_"))
		}
		return "ERR_" + strings.Join(w, "_")
	case 3:
		return fmt.Sprintf("%d%d%d %d.%d.%d", g.between(4, 5), []int{5, 2, 0}[g.r.IntN(3)], g.r.IntN(5), g.between(4, 5), g.between(1, 7), g.r.IntN(10))
	default:
		return fmt.Sprintf("Error %d", g.between(100, 99999))
	}
}

// Anchors the generated ids must not take.
var reserved = append(slices.Clone(kb.SectionIDs), "")

// id makes a fresh anchor on the page from the words of text.
func id(text string, used map[string]bool) string {
	words := strings.Split(kb.Slugify(text), "-")
	base := strings.Join(words[:min(len(words), 4)], "-")
	if base == "" {
		base = "item"
	}
	for n := 1; ; n++ {
		s := base
		if n > 1 {
			s = fmt.Sprintf("%s-%d", base, n)
		}
		if !used[s] && !used[s+"-title"] {
			used[s] = true
			return s
		}
	}
}

var epoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

func (g *gen) article(i int) (File, Article) {
	p := products[i%len(products)]
	if i >= len(products) {
		p = products[g.zipf(len(products))]
	}
	pslug := kb.Slugify(p.name)

	var msg string
	var codes []string
	for {
		msg = g.fill(g.pick(errorTemplates))
		if g.chance(0.3) {
			msg += ". " + g.sentence(g.between(5, 14), false)
		}
		codes = nil
		if g.chance(0.7) {
			codes = append(codes, g.code())
			if g.chance(0.15) {
				codes = append(codes, g.code())
			}
		}
		key := pslug + "\x00" + strings.ToLower(msg) + "\x00" + strings.Join(codes, ",")
		if !g.messages[key] {
			g.messages[key] = true
			break
		}
	}
	slugSrc := msg
	if len(codes) > 0 {
		slugSrc = codes[0] + " " + msg
	}
	words := strings.Split(kb.Slugify(slugSrc), "-")
	slug := strings.Join(words[:min(len(words), 6)], "-")
	for n := 2; g.slugs[pslug+"/"+slug]; n++ {
		slug = fmt.Sprintf("%s-%d", strings.Join(words[:min(len(words), 6)], "-"), n)
	}
	g.slugs[pslug+"/"+slug] = true

	var y yamlWriter
	y.line("# yaml-language-server: $schema=../../schema/article.schema.json")
	title := ""
	if g.chance(0.5) {
		label := msg
		if len(codes) > 0 {
			label = codes[0] + " \"" + msg + "\""
		} else {
			label = "\"" + msg + "\""
		}
		title = fmt.Sprintf("How to Fix %s (%s)", label, p.name)
		y.field("title", title)
	}
	y.field("error", msg)
	if len(codes) > 0 {
		y.list("codes", codes)
	}
	y.field("product", p.name)
	if g.chance(0.8) {
		var plats []string
		for _, pl := range p.platforms {
			if g.chance(0.6) {
				plats = append(plats, pl)
			}
		}
		if len(plats) > 0 {
			y.list("platforms", plats)
		}
	}
	if g.chance(0.6) {
		var tags []string
		for range g.between(1, 5) {
			t := strings.ReplaceAll(g.pick(nouns), " ", "-")
			if !slices.Contains(tags, t) {
				tags = append(tags, t)
			}
		}
		y.list("tags", tags)
	}
	published := epoch.AddDate(0, 0, g.r.IntN(900))
	updated := published.AddDate(0, 0, g.r.IntN(120))
	y.line("published: " + published.Format(time.DateOnly))
	y.line("updated: " + updated.Format(time.DateOnly))
	y.block("summary", fmt.Sprintf("The \"%s\" error in %s usually means that %s is %s. %s",
		strings.TrimSuffix(msg, "."), p.name, g.phrase(), g.pick(adjectives), g.sentences(1, 4, 14, true)), "")

	used := make(map[string]bool)
	for _, r := range reserved {
		used[r] = true
	}
	y.line("")
	y.line("causes:")
	causes := make([]string, g.between(3, 8))
	for j := range causes {
		text := g.sentence(g.between(6, 22), true)
		causes[j] = id(text, used)
		y.line("  - id: " + causes[j])
		y.field("    text", text)
	}

	y.line("")
	y.line("fixes:")
	nfix := g.between(2, 6)
	for j := range nfix {
		t := capitalize(g.pick(verbs)) + " " + strings.TrimPrefix(g.phrase(), "the ")
		fid := id(t, used)
		nsteps := g.between(2, 8)
		for s := 1; s <= nsteps; s++ {
			used[kb.StepID(fid, s)] = true
		}
		used[kb.FixTitleID(fid)] = true
		for _, ans := range kb.Answers {
			used[kb.AnswerID(fid, ans)] = true
		}
		if j > 0 {
			y.line("")
		}
		y.line("  - id: " + fid)
		y.field("    title", capitalize(t))
		if g.chance(0.15) {
			y.field("    note", g.uniform([]string{"Temporary fix", "Recommended", "Requires an administrator", "Takes a few minutes"}))
		}
		if j > 0 && g.chance(0.25) {
			y.line("    level: advanced")
		}
		var solves []string
		for range g.between(1, 3) {
			c := causes[g.r.IntN(len(causes))]
			if !slices.Contains(solves, c) {
				solves = append(solves, c)
			}
		}
		y.list("    solves", solves)
		if g.chance(0.2) {
			y.block("    warning", g.sentences(1, 2, 14, true), "    ")
		}
		y.line("    steps:")
		for range nsteps {
			y.item("      ", g.step())
		}
	}

	nfaq := g.between(0, 6)
	if nfaq > 0 {
		y.line("")
		y.line("faq:")
		seen := make(map[string]bool)
		for range nfaq {
			q := g.fill(g.pick(questionTemplates))
			if seen[kb.Slugify(q)] {
				continue
			}
			seen[kb.Slugify(q)] = true
			y.field("  - q", q)
			y.block("    a", g.sentences(1, 4, 14, true), "    ")
		}
	}

	path := "content/" + pslug + "/" + slug + ".yaml"
	var ws []string
	for _, w := range strings.Fields(strings.ToLower(msg + " " + title)) {
		ws = append(ws, strings.Trim(w, "\"().,?"))
	}
	return File{Path: path, Data: y.Bytes()},
		Article{URL: "/" + pslug + "/" + slug + "/", Error: msg, Codes: codes, Words: ws}
}

// yamlWriter writes YAML as writers do: plain scalars where they are safe,
// double quotes where they are not, >- for long text and | for text with
// paragraphs or code.
type yamlWriter struct{ bytes.Buffer }

func (y *yamlWriter) line(s string) { y.WriteString(s); y.WriteByte('\n') }

// field writes key: value for one-line text.
func (y *yamlWriter) field(key, v string) {
	indent := strings.Repeat(" ", len(key)-len(strings.TrimLeft(key, " -"))+2)
	y.scalar(key+": ", indent, v)
}

// block writes text that may hold paragraphs.
func (y *yamlWriter) block(key, v, indent string) { y.scalar(key+": ", indent+"  ", v) }

// item writes a list item.
func (y *yamlWriter) item(indent, v string) { y.scalar(indent+"- ", indent+"  ", v) }

func (y *yamlWriter) scalar(prefix, indent, v string) {
	switch {
	case strings.Contains(v, "\n"):
		y.line(prefix + "|-")
		for l := range strings.SplitSeq(v, "\n") {
			if l == "" {
				y.line("")
			} else {
				y.line(indent + l)
			}
		}
	case len(v) > 90:
		y.line(prefix + ">-")
		y.wrap(indent, v)
	default:
		y.line(prefix + quote(v))
	}
}

// wrap writes v folded at about 90 columns.
func (y *yamlWriter) wrap(indent, v string) {
	col := 0
	for _, w := range strings.Split(v, " ") {
		if col > 0 && col+1+len(w) > 92 {
			y.WriteByte('\n')
			col = 0
		}
		if col == 0 {
			y.WriteString(indent)
			col = len(indent)
		} else {
			y.WriteByte(' ')
			col++
		}
		y.WriteString(w)
		col += len(w)
	}
	y.WriteByte('\n')
}

func (y *yamlWriter) list(key string, items []string) {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = quote(s)
		if strings.ContainsAny(s, ",[]{}") {
			q[i] = jsonQuote(s)
		}
	}
	y.line(key + ": [" + strings.Join(q, ", ") + "]")
}

// quote returns v as a plain scalar when YAML reads it back unchanged,
// else double-quoted.
func quote(v string) string {
	if v == "" || strings.Contains(v, ": ") || strings.Contains(v, " #") || strings.HasSuffix(v, ":") ||
		strings.ContainsAny(v[:1], "*`[{\"'&!|>%@-?,#]} ") || strings.HasSuffix(v, " ") ||
		strings.ContainsAny(v, "\"\\\t") {
		return jsonQuote(v)
	}
	return v
}

func jsonQuote(v string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
	return strings.TrimSuffix(b.String(), "\n")
}
