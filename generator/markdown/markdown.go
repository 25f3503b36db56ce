// Package markdown renders the writers' text fields: inline Markdown to safe
// HTML for pages, and to plain text for metadata, structured data and search.
//
// Raw HTML in a field is shown as text, never rendered: a "<script>" typed
// by a writer reaches the page as "&lt;script&gt;". Links and images keep
// only http, https, mailto and relative URLs. Code blocks are highlighted by
// chroma with CSS classes; the matching stylesheet comes from CSS.
package markdown

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Style names of chroma styles for code blocks in light and dark mode.
const (
	LightStyle = "github"
	DarkStyle  = "github-dark"
)

// A Renderer converts Markdown fields. It is safe for concurrent use. It
// remembers what it rendered: a build renders every field for the page,
// the structured data, the search index and the exports, and a field is
// parsed once.
type Renderer struct {
	md        goldmark.Markdown
	formatter *chromahtml.Formatter
	memo      memo
	slow      bool             // always parse, even plain text (tests)
	images    map[string]Image // SetImages
}

// An Image is what a page needs to know of one of the site's image files:
// its size in pixels (0 when it could not be read), which the <img> gets
// as width and height, so that the page keeps the image's place while it
// loads.
type Image struct{ Width, Height int }

// SetImages gives the renderer the site's image files, by their path on
// the site (/mail-settings.png). Call it before the first rendering: what
// was rendered before is remembered as it was.
func (r *Renderer) SetImages(images map[string]Image) { r.images = images }

// image returns what SetImages said of the image at dest.
func (r *Renderer) image(dest string) (Image, bool) {
	if i := strings.IndexAny(dest, "?#"); i >= 0 {
		dest = dest[:i]
	}
	im, ok := r.images[dest]
	if !ok && strings.IndexByte(dest, '%') >= 0 {
		if p, err := url.PathUnescape(dest); err == nil {
			im, ok = r.images[p]
		}
	}
	return im, ok
}

type memoKey struct {
	kind byte // 'h' HTML, 'b' Block, 't' Text, 'o' OneLine
	src  string
}

// A memo maps a memoKey to its rendering. It is a few maps, each behind
// its own lock, chosen by a cheap hash of the key: a build looks fields up
// millions of times from both cores, and a sync.Map, a tree of nodes
// reached through interface hashing, cost 4.4 s of CPU at 10,000 articles.
type memo struct {
	shards [memoShards]memoShard
}

const memoShards = 64

type memoShard struct {
	mu sync.RWMutex
	m  map[memoKey]string
	_  [32]byte // shards 64 bytes apart: two rarely share a cache line
}

// shard picks k's shard from its length and end bytes, which is enough to
// spread the fields of a build and costs nothing next to the map's hash.
func (m *memo) shard(k memoKey) *memoShard {
	h := uint(len(k.src))*31 + uint(k.kind)
	if n := len(k.src); n > 0 {
		h = h*31 + uint(k.src[0])
		h = h*31 + uint(k.src[n-1])
		h = h*31 + uint(k.src[n/2])
	}
	return &m.shards[h%memoShards]
}

func (m *memo) load(k memoKey) (string, bool) {
	s := m.shard(k)
	s.mu.RLock()
	v, ok := s.m[k]
	s.mu.RUnlock()
	return v, ok
}

// store records v for k unless k has a value already.
func (m *memo) store(k memoKey, v string) {
	s := m.shard(k)
	s.mu.Lock()
	if s.m == nil {
		s.m = make(map[memoKey]string)
	}
	if _, ok := s.m[k]; !ok {
		s.m[k] = v
	}
	s.mu.Unlock()
}

// Expect sizes the memory for about n renderings to come, so that it is
// not grown step by step (rehashing all it holds each time) while a build
// fills it. It leaves what is remembered already.
func (r *Renderer) Expect(n int) {
	for i := range r.memo.shards {
		s := &r.memo.shards[i]
		s.mu.Lock()
		if s.m == nil {
			s.m = make(map[memoKey]string, n/memoShards)
		}
		s.mu.Unlock()
	}
}

// Len returns how many renderings the Renderer remembers.
func (r *Renderer) Len() int {
	n := 0
	for i := range r.memo.shards {
		s := &r.memo.shards[i]
		s.mu.RLock()
		n += len(s.m)
		s.mu.RUnlock()
	}
	return n
}

// remember returns the rendering of src of the given kind, computing it
// with f the first time.
func (r *Renderer) remember(kind byte, src string, f func(string) string) string {
	k := memoKey{kind, src}
	if v, ok := r.memo.load(k); ok {
		return v
	}
	v := f(src)
	r.memo.store(k, v)
	return v
}

// New returns a Renderer with the project's Markdown dialect: CommonMark
// with strikethrough and tables, no raw HTML, no typographic replacements
// (text stays exactly as written, so a pasted error message matches).
func New() *Renderer {
	r := &Renderer{
		formatter: chromahtml.New(chromahtml.WithClasses(true), chromahtml.TabWidth(4)),
	}
	r.md = goldmark.New(
		goldmark.WithExtensions(extension.Strikethrough, extension.Table),
		goldmark.WithRendererOptions(
			renderer.WithNodeRenderers(util.Prioritized(&safeRenderer{code: r.highlight, size: r.image}, 100)),
		),
	)
	return r
}

// HTML renders src. A single paragraph comes back as its inline content,
// without <p>, so it fits in a heading, a list item or a table cell; longer
// text (several paragraphs, a code block, a list) comes back as blocks.
func (r *Renderer) HTML(src string) string {
	if r.plain(src) {
		return escape(src)
	}
	if h, ok := r.simple(src, false); ok {
		return h
	}
	return r.remember('h', src, r.html)
}

// plain reports src that needs no parsing (isPlain): its renderings are
// worked out at once, for less than looking them up (a build asks for
// more than a million renderings, mostly of such text, and the memo's
// lookups were cache misses in a table of that size).
func (r *Renderer) plain(src string) bool { return !r.slow && isPlain(src) }

// simple renders src without the parser when simpleInline can: like plain
// text, its renderings are worked out at each call rather than remembered.
func (r *Renderer) simple(src string, asText bool) (string, bool) {
	if r.slow {
		return "", false
	}
	return simpleInline(src, asText, nil)
}

func (r *Renderer) html(src string) string {
	h, b, t := r.render(src)
	r.memo.store(memoKey{'b', src}, b)
	r.memo.store(memoKey{'t', src}, t)
	return h
}

// render parses src once for its three renderings: nearly every field is
// wanted as HTML and as text (the page, the search index and exports),
// parsing is most of the cost, and the inline HTML of a single paragraph
// is its block HTML without the <p>, so one rendering gives both (html
// is then a part of block, not a copy).
func (r *Renderer) render(src string) (html, block, text string) {
	doc := r.parse(src)
	source := []byte(src)
	text = textOf(doc, source, nil) // first: rendering may change the tree
	w := getWriter()
	defer putWriter(w)
	if err := r.md.Renderer().Render(w, source, doc); err != nil {
		// Rendering into a buffer fails only on a bug in a renderer: show
		// the text rather than nothing.
		e := escape(src)
		return e, "<p>" + e + "</p>", text
	}
	block = string(bytes.TrimSpace(w.b))
	if strings.Contains(block, "<table>") {
		// A wide table scrolls in a wrapper of its own (see site.css), which
		// the keyboard can reach. Only goldmark writes "<table>": a writer's
		// HTML is escaped.
		block = strings.ReplaceAll(block, "<table>", `<div class="table-wrap" role="region" aria-label="Table" tabindex="0"><table>`)
		block = strings.ReplaceAll(block, "</table>", "</table></div>")
	}
	html = block
	if soleParagraph(doc) != nil && strings.HasPrefix(block, "<p>") && strings.HasSuffix(block, "</p>") {
		html = strings.TrimSpace(block[len("<p>") : len(block)-len("</p>")])
	}
	return html, block, text
}

// Block renders src as blocks: a single paragraph keeps its <p>. For fields
// that may hold several paragraphs (a summary, an answer, a warning), so
// the template can place them the same way whatever their length.
func (r *Renderer) Block(src string) string {
	if r.plain(src) {
		return "<p>" + escape(src) + "</p>"
	}
	if h, ok := r.simple(src, false); ok {
		return "<p>" + h + "</p>"
	}
	return r.remember('b', src, r.block)
}

func (r *Renderer) block(src string) string {
	h, b, t := r.render(src)
	r.memo.store(memoKey{'h', src}, h)
	r.memo.store(memoKey{'t', src}, t)
	return b
}

// Text returns src as plain text: markup removed, links reduced to their
// text, paragraphs separated by blank lines, code blocks kept line by line.
func (r *Renderer) Text(src string) string {
	if r.plain(src) {
		return src
	}
	if t, ok := r.simple(src, true); ok {
		return t
	}
	return r.remember('t', src, r.text)
}

func (r *Renderer) text(src string) string {
	h, b, t := r.render(src)
	r.memo.store(memoKey{'h', src}, h)
	r.memo.store(memoKey{'b', src}, b)
	return t
}

// ReplyText is Text with each link's address after its text ("SSL Labs
// (https://www.ssllabs.com/ssltest/)"), for a reply pasted into a ticket,
// where the reader cannot follow a link they cannot see. link gives the
// address to show for a destination, or "" for none. Text without a link
// is Text's.
func (r *Renderer) ReplyText(src string, link func(dest string) string) string {
	if !strings.Contains(src, "](") && !strings.Contains(src, "]:") && !strings.Contains(src, "][") {
		return r.Text(src) // autolinks show their address already
	}
	if !r.slow {
		if t, ok := simpleInline(src, true, link); ok {
			return t
		}
	}
	return textOf(r.parse(src), []byte(src), link)
}

// textOf is the text of a parsed document, with links' addresses when
// link is not nil (ReplyText).
func textOf(doc ast.Node, source []byte, link func(string) string) string {
	p := plainer{source: source, link: link}
	var blocks []string
	for c := doc.FirstChild(); c != nil; c = c.NextSibling() {
		var b strings.Builder
		p.block(&b, c)
		if s := strings.TrimSpace(b.String()); s != "" {
			blocks = append(blocks, s)
		}
	}
	return strings.Join(blocks, "\n\n")
}

// OneLine returns src as plain text on one line, runs of space folded: for
// titles, meta descriptions and search snippets.
func (r *Renderer) OneLine(src string) string {
	if r.plain(src) {
		return src // one line, single spaces, no markup
	}
	if t, ok := r.simple(src, true); ok {
		return oneLine(t) // a code span may hold runs of spaces
	}
	return r.remember('o', src, func(src string) string { return oneLine(r.Text(src)) })
}

// oneLine folds runs of space in s to one space, as
// strings.Join(strings.Fields(s), " ") does, without allocating when s is
// one line already (most fields are).
func oneLine(s string) string {
	prevSpace := true // no leading space
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == ' ':
				if prevSpace {
					return strings.Join(strings.Fields(s), " ")
				}
				prevSpace = true
			case c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r':
				return strings.Join(strings.Fields(s), " ")
			default:
				prevSpace = false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			return strings.Join(strings.Fields(s), " ")
		}
		prevSpace = false
		i += size
	}
	if prevSpace && s != "" {
		return strings.Join(strings.Fields(s), " ")
	}
	return s
}

// isPlain reports text that Markdown leaves as it is: one line of words
// and the punctuation that never starts or ends markup, beginning with a
// letter or a number that is not a list's "1." or "1)". Most titles,
// messages and causes are; they skip the parser, which would return them
// unchanged (TestPlainFastPath checks that it does).
func isPlain(src string) bool {
	if src == "" || !isAlnum(src[0]) && src[0] < utf8.RuneSelf {
		return false
	}
	if startsOrderedList(src) {
		return false
	}
	prevSpace := false
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case asciiClass[c]&(classWord|classPunct) != 0:
			prevSpace = false
		case c == ' ':
			if prevSpace {
				return false
			}
			prevSpace = true
		case c < utf8.RuneSelf:
			return false
		default:
			r, size := utf8.DecodeRuneInString(src[i:])
			if !plainRune(r) {
				return false
			}
			prevSpace = false
			i += size - 1
		}
	}
	return !prevSpace // no trailing space
}

func (r *Renderer) parse(src string) ast.Node {
	return r.md.Parser().Parse(text.NewReader([]byte(src)))
}

// A sliceWriter is the util.BufWriter goldmark renders into. Given any
// other writer, goldmark wraps it in a new 4 KB bufio.Writer for every
// call, and a build renders hundreds of thousands of short fields: that
// allocation and its copy were a tenth of a 10,000-article build's CPU.
type sliceWriter struct{ b []byte }

var writers = sync.Pool{New: func() any { return &sliceWriter{b: make([]byte, 0, 1024)} }}

func getWriter() *sliceWriter { return writers.Get().(*sliceWriter) }

func putWriter(w *sliceWriter) {
	if cap(w.b) > 64<<10 {
		return // a rare long field: let it go rather than keep it pooled
	}
	w.b = w.b[:0]
	writers.Put(w)
}

func (w *sliceWriter) Write(p []byte) (int, error) {
	w.b = append(w.b, p...)
	return len(p), nil
}

func (w *sliceWriter) WriteString(s string) (int, error) {
	w.b = append(w.b, s...)
	return len(s), nil
}

func (w *sliceWriter) WriteByte(c byte) error {
	w.b = append(w.b, c)
	return nil
}

func (w *sliceWriter) WriteRune(r rune) (int, error) {
	n := len(w.b)
	w.b = utf8.AppendRune(w.b, r)
	return len(w.b) - n, nil
}

func (w *sliceWriter) Available() int { return cap(w.b) - len(w.b) }
func (w *sliceWriter) Buffered() int  { return len(w.b) }
func (w *sliceWriter) Flush() error   { return nil }

var _ util.BufWriter = (*sliceWriter)(nil)

func soleParagraph(doc ast.Node) ast.Node {
	if doc.ChildCount() == 1 && doc.FirstChild().Kind() == ast.KindParagraph {
		return doc.FirstChild()
	}
	return nil
}

// highlight writes a code block with chroma's CSS classes.
func (r *Renderer) highlight(w util.BufWriter, lang, code string) error {
	lexer := lexers.Get(lang)
	if lexer == nil {
		lexer = lexers.Fallback
	}
	lexer = chroma.Coalesce(lexer)
	it, err := lexer.Tokenise(nil, code)
	if err != nil {
		return err
	}
	label := ""
	if lang != "" {
		label = fmt.Sprintf(` data-lang="%s"`, escape(lang))
	}
	fmt.Fprintf(w, `<div class="highlight"%s>`, label)
	if err := r.formatter.Format(w, styles.Get(LightStyle), it); err != nil {
		return err
	}
	_, err = w.WriteString("</div>\n")
	return err
}

// CSS returns the stylesheet for highlighted code: the light style on a
// light screen and on paper, the dark one on a dark screen. Each is in a
// media query of its own, as site.css's schemes are: a class the dark style
// does not define (github-dark has no .na, .nb or .p) would otherwise keep
// the light style's colour on the dark background, and the dark style's
// near-white text would print on white paper, where browsers leave out
// backgrounds.
func (r *Renderer) CSS() (string, error) {
	var buf bytes.Buffer
	buf.WriteString("/* Generated from chroma styles " + LightStyle + " and " + DarkStyle + ". Do not edit. */\n")
	buf.WriteString("@media (prefers-color-scheme: light), print {\n")
	if err := r.formatter.WriteCSS(&buf, styles.Get(LightStyle)); err != nil {
		return "", err
	}
	buf.WriteString("}\n@media screen and (prefers-color-scheme: dark) {\n")
	if err := r.formatter.WriteCSS(&buf, styles.Get(DarkStyle)); err != nil {
		return "", err
	}
	buf.WriteString("}\n")
	return buf.String(), nil
}

// escape escapes what goldmark escapes in HTML text (& < > " and NUL),
// and returns s itself when it has none of them, as most text has not.
func escape(s string) string {
	if escapeAt(s) < 0 {
		return s
	}
	return string(util.EscapeHTML([]byte(s)))
}
