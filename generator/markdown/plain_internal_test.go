package markdown

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"

	"kbgen/generator/corpus"
)

// TestPlainFastPath checks the shortcut for plain text against the parser:
// for every text isPlain accepts, HTML, Block and Text must be what
// goldmark gives. The texts are those of generated articles, one by line,
// and random strings over letters, spaces and every ASCII punctuation mark.
func TestPlainFastPath(t *testing.T) {
	fast, slow := New(), New()
	slow.slow = true
	var texts []string
	for _, f := range corpus.Generate(300, corpus.DefaultSeed).Files {
		for _, line := range splitLines(string(f.Data)) {
			texts = append(texts, line)
			if i := indexColon(line); i > 0 {
				texts = append(texts, line[i:])
			}
		}
	}
	texts = append(texts, randomTexts(5, "aZ09 .,;:?!'\"/%$@=+()-#*_`[]<>&\\|~^{}\té’…", 20000, 10)...)
	plain := 0
	for _, s := range texts {
		if !isPlain(s) {
			continue
		}
		plain++
		if got, want := fast.HTML(s), slow.HTML(s); got != want {
			t.Errorf("HTML(%q) = %q; goldmark gives %q", s, got, want)
		}
		if got, want := fast.Block(s), slow.Block(s); got != want {
			t.Errorf("Block(%q) = %q; goldmark gives %q", s, got, want)
		}
		if got, want := fast.Text(s), slow.Text(s); got != want {
			t.Errorf("Text(%q) = %q; goldmark gives %q", s, got, want)
		}
		if got, want := fast.OneLine(s), slow.OneLine(s); got != want {
			t.Errorf("OneLine(%q) = %q; goldmark gives %q", s, got, want)
		}
	}
	if plain < 2000 {
		t.Fatalf("only %d plain texts: the test does not exercise the shortcut", plain)
	}
}

// randomTexts returns n strings of 1 to maxLen runes drawn from alphabet,
// the same for the same seed.
func randomTexts(seed uint64, alphabet string, n, maxLen int) []string {
	runes := []rune(alphabet)
	rng := rand.New(rand.NewPCG(seed, seed+1))
	texts := make([]string, n)
	for k := range texts {
		r := make([]rune, 1+rng.IntN(maxLen))
		for i := range r {
			r[i] = runes[rng.IntN(len(runes))]
		}
		texts[k] = string(r)
	}
	return texts
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// indexColon returns where the value of a "key: value" line starts.
func indexColon(line string) int {
	for i := 0; i+1 < len(line); i++ {
		if line[i] == ':' && line[i+1] == ' ' {
			return i + 2
		}
	}
	return -1
}

// TestOneParseThreeRenderings: HTML, Block and Text share one parse and
// one rendering (render); whichever is asked first, each must be what
// goldmark gives for it alone: the inline HTML rendered from the sole
// paragraph's children, not cut from the block.
func TestOneParseThreeRenderings(t *testing.T) {
	var texts []string
	for _, f := range corpus.Generate(100, corpus.DefaultSeed).Files {
		for _, line := range splitLines(string(f.Data)) {
			if i := indexColon(line); i > 0 {
				texts = append(texts, line[i:])
			}
		}
	}
	texts = append(texts, "Open **Settings** > `Mail`.\n\n```ini\nport = 993\n```", "- one\n- two [link](https://example.com)",
		"line one  \nline two", "a\\\nb", "  *lead*  ", "# Heading", "> quote", "<b>raw</b> & co", "")
	texts = append(texts, randomTexts(7, "aZ09 .,*_`[]()<>&!#>-\n\té", 5000, 16)...)
	ref := New()
	orders := [][]byte{{'h', 'b', 't'}, {'t', 'h', 'b'}, {'b', 't', 'h'}}
	renderers := []*Renderer{New(), New(), New()}
	for _, s := range texts {
		want := map[byte]string{'h': inlineAlone(t, ref, s), 'b': blockAlone(t, ref, s), 't': textAlone(ref, s)}
		if isPlain(s) {
			continue // TestPlainFastPath
		}
		for i, order := range orders {
			for _, kind := range order {
				var got string
				switch kind {
				case 'h':
					got = renderers[i].HTML(s)
				case 'b':
					got = renderers[i].Block(s)
				case 't':
					got = renderers[i].Text(s)
				}
				if got != want[kind] {
					t.Fatalf("%q asked in the order %s: %c = %q; goldmark alone gives %q", s, order, kind, got, want[kind])
				}
			}
		}
	}
}

// inlineAlone, blockAlone and textAlone render s as the code did before
// one rendering served all three: a parse each, the inline HTML from the
// sole paragraph's children moved into a document of their own.
func inlineAlone(t *testing.T, r *Renderer, s string) string {
	source := []byte(s)
	doc := r.parse(s)
	target := doc
	if p := soleParagraph(doc); p != nil {
		target = ast.NewDocument()
		for c := p.FirstChild(); c != nil; {
			next := c.NextSibling()
			target.AppendChild(target, c)
			c = next
		}
	}
	var w sliceWriter
	if err := r.md.Renderer().Render(&w, source, target); err != nil {
		t.Fatal(err)
	}
	return string(bytes.TrimSpace(w.b))
}

func blockAlone(t *testing.T, r *Renderer, s string) string {
	source := []byte(s)
	var w sliceWriter
	if err := r.md.Renderer().Render(&w, source, r.parse(s)); err != nil {
		t.Fatal(err)
	}
	return string(bytes.TrimSpace(w.b))
}

func textAlone(r *Renderer, s string) string { return textOf(r.parse(s), []byte(s), nil) }

// TestOneLineFastPath: oneLine returns text already on one line as it is;
// it must fold exactly as strings.Fields and Join do.
func TestOneLineFastPath(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	alphabet := []string{"a", "b", " ", "  ", "\t", "\n", "\r", "\v", "\f", "\u00a0", "\u0085", "\u2003", "é", "日", "\xff", "\x00"}
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(10) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		s := b.String()
		if got, want := oneLine(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Fatalf("oneLine(%q) = %q; want %q", s, got, want)
		}
	}
}

// TestSimpleInline checks the parser-free renderer of simple inline markup
// against goldmark on generated articles' lines, random strings over the
// characters that matter, and texts written to sit at its edges.
func TestSimpleInline(t *testing.T) {
	var texts []string
	for _, f := range corpus.Generate(300, corpus.DefaultSeed).Files {
		for _, line := range splitLines(string(f.Data)) {
			if i := indexColon(line); i > 0 {
				texts = append(texts, strings.Trim(line[i:], ` "`))
			}
		}
	}
	texts = append(texts, randomTexts(7, "aZ09 .,;:?!'\"/%$@=+()-#*_`[]<>&\\|~^{}\té’…", 20000, 12)...)
	texts = append(texts, randomTexts(8, "ab **`_ .>", 20000, 12)...)
	texts = append(texts, randomTexts(9, "ab [](/:.! *`", 20000, 14)...)
	texts = append(texts, simpleInlineEdges...)
	accepted := 0
	for _, s := range texts {
		if checkSimpleInline(t, s) {
			accepted++
		}
	}
	t.Logf("%d of %d texts taken without the parser", accepted, len(texts))
	if accepted < 3000 {
		t.Fatalf("only %d texts taken without the parser: the test does not exercise it", accepted)
	}
}

// The shortcut takes what articles mostly hold: if it stopped taking any of
// these, the build would be slower with every test still passing.
func TestSimpleInlineTakes(t *testing.T) {
	for _, s := range []string{
		"Tap **Settings > Mail**.", "Open `server.ini` and set `port=993`.", "An *italic* word.",
		"See [the guide](https://support.example.com/guide) or [this page](/ios-mail/).",
		"Select **OK**, then `Apply`; read [help](https://example.com/a?b=c#d).", "Use snake_case_names & more.",
		"`C:\\Program Files\\App`", "**Wi-Fi** > **Advanced** | **DNS**",
	} {
		if !checkSimpleInline(t, s) {
			t.Errorf("the shortcut does not take %q", s)
		}
	}
}

var simpleInlineEdges = []string{
	"Tap **Settings > Mail**.", "Open `server.ini` and set `port=993`.", "*a*", "**a**", "**a*", "*a**",
	"a **b** c", "a**b**", "**a**b", "**a**.", "**a.**", "**a.**.", "**(a)**", `**"OK"**`, "x *y* z",
	"5 * 3", "a * b *", "`a`", "``a``", "` a `", "`a`b", "a`b`", "`<b>&amp;`", "a & b", "a &amp; b",
	"a < b", "a <b>", "a_b", "_a_", "a_", "snake_case_name", "# a", "a # b", "> a", "a > b", "a | b",
	"1. a", "1) a", "2024", "1.5 GB", "**1.** a", "*", "**", "***a***", "**a** **b**", "**a**, *b*",
	"é **ü** ñ", "**“a”**", "a\tb", "a  b", "a ", " a", "`a\x00b`", "\\*a\\*", "[a](b)", "![a](b)",
	"(see [account help](https://support.example.com/account)).", "[a](/b/)", "a [b](c)", "a ![b](/c)",
	"a [b](//c)", "a [b](http://x.org/a?b=c#d~e)", "a [b](/c d)", "a [ b](/c)", "a [](/c)", "a [b] c", "a [b]: /c",
	"a [b](/c \"t\")", "a [b](/c(d))", "a [b](/%41)", "a [b](javascript:x)", "a [b](/c)**d**", "a [**b**](/c)",
	"a [b](/c)[d](/e)", "a [b](/c)x", "a [b](</c>)", "a [b](/c&d)", "a [b]( /c)",
	"`a  b`", "a `b\u00a0c`", "`\u00a0`", "`a\u2028`",
	"~~a~~", "a ~ b", "&#35;", "a&b", "Wi-Fi", "**Wi-Fi**:", "*x*)", "(*x*)", "a *b*c", "Select **OK** > **File** > **Apps**.",
}

func mustSimple(s string, ok bool) string {
	if !ok {
		return "(not taken)"
	}
	return s
}

// checkSimpleInline compares simpleInline's renderings of s, when it takes
// s, with goldmark's, and reports whether it took it.
func checkSimpleInline(t *testing.T, s string) bool {
	t.Helper()
	h, ok := simpleInline(s, false, nil)
	if !ok {
		return false
	}
	txt, ok := simpleInline(s, true, nil)
	if !ok {
		t.Errorf("simpleInline(%q) takes it as HTML, not as text", s)
		return true
	}
	slow := New()
	slow.slow = true
	wantH, wantB, wantT := slow.render(s)
	if h != wantH || "<p>"+h+"</p>" != wantB || txt != wantT {
		t.Errorf("simpleInline(%q) = %q, %q; goldmark gives %q (%q), %q", s, h, txt, wantH, wantB, wantT)
	}
	// The reply's text, links with their addresses.
	link := func(dest string) string { return "<" + dest + ">" }
	if got, want := mustSimple(simpleInline(s, true, link)), textOf(slow.parse(s), []byte(s), link); got != want {
		t.Errorf("simpleInline(%q) with addresses = %q; goldmark gives %q", s, got, want)
	}
	// The four forms as callers ask for them, shortcut or not.
	fast := New()
	for _, form := range []struct {
		name string
		f    func(*Renderer, string) string
	}{{"HTML", (*Renderer).HTML}, {"Block", (*Renderer).Block}, {"Text", (*Renderer).Text}, {"OneLine", (*Renderer).OneLine}} {
		if got, want := form.f(fast, s), form.f(slow, s); got != want {
			t.Errorf("%s(%q) = %q; goldmark gives %q", form.name, s, got, want)
		}
	}
	return true
}

func FuzzSimpleInline(f *testing.F) {
	for _, s := range simpleInlineEdges {
		f.Add(s)
	}
	f.Add("a [b](https://c.d/e?f=g#h) **i** `j`.")
	f.Fuzz(func(t *testing.T, s string) { checkSimpleInline(t, s) })
}

// BenchmarkShortcuts renders the one-line fields of generated articles as
// a build asks for them (HTML once, text twice), through the shortcuts.
func BenchmarkShortcuts(b *testing.B) {
	r := New()
	var texts []string
	for _, f := range corpus.Generate(200, corpus.DefaultSeed).Files {
		for _, line := range splitLines(string(f.Data)) {
			if i := indexColon(line); i > 0 {
				if s := strings.Trim(line[i:], ` "`); isPlain(s) || func() bool { _, ok := simpleInline(s, false, nil); return ok }() {
					texts = append(texts, s)
				}
			}
		}
	}
	b.ResetTimer()
	for range b.N {
		for _, s := range texts {
			r.HTML(s)
			r.Text(s)
			r.OneLine(s)
		}
	}
}
