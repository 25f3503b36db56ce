package markdown

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"

	"kbgen/generator/corpus"
)

// TestSimpleLinksAgree holds the scan without the parser to goldmark's
// reading, on every text it takes: tricky cases, the lines of generated
// articles, and random strings over the characters of link syntax.
func TestSimpleLinksAgree(t *testing.T) {
	texts := []string{
		"See [help](https://example.com/a) and ![shot](/shot.png).",
		"[a [b](c)", "[a](b) [c](d)", "x [a]](b)", "[](x)", "[a](b)c)", "[a](b", "a](b)",
		"[**bold**](/x/) and *[it](/y/)*", "[a](/x/#step-2) [b](mailto:x@example.com)",
		"[a](javascript:alert(1))", "[a](b \"title\")", "![a](b)![c](d)", "[a\nb](c)",
		"para one\n\n[a](b)", "1. [a](b)\n2. [c](d)", "# [h](/h/)", "> [q](/q/)",
		"- [x](/x/)\n- [y](/y/)", "[a](b)[c]", "[a] (b)", "[a](<b>)", "[x](y_z)",
		"**[a](b)**", "[a](b)*", "![a](b) ![c](d)", "[a](http://x.y/z?q=1&r=2)",
		"[a](b)\n\n    [c](d)", "a | b\n--|--\n[x](/y|z/) | c", "```\n[a](b)\n```", "[a]\n\n[a]: /x/",
		"Run `x](y)` then [a](b)", "[a `](b)` c](d)", "[`cmd`](/x/) and `[y](z)`", "[a](b`c)` d",
		"`a` [b](c) `d` [e](f)", "``x`` [a](b)", "`x [a](b)", "[a](b) `c`\n`d` [e](/f/)",
	}
	for _, f := range corpus.Generate(300, corpus.DefaultSeed).Files {
		for _, line := range splitLines(string(f.Data)) {
			if i := indexColon(line); i > 0 {
				line = line[i:]
			}
			texts = append(texts, strings.TrimLeft(line, " -")) // as YAML gives it
		}
	}
	texts = append(texts, randomTexts(11, "ab /:.#!?[]()*_\n\"'`", 40000, 14)...)
	// Strings of link syntax's pieces, which random characters seldom make.
	pieces := []string{"[", "]", "(", ")", "](", "|", "\n--|--\n", "[a](/b/)", "![c](d.png)", "![c *d*](e.png)", "a", " ", "`", "!", "*", "_", "/x/", "\n", "\n\n", "#s", "\"", "https://e.org/p"}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 50000 {
		var b strings.Builder
		for range 2 + rng.IntN(9) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		texts = append(texts, b.String())
	}
	r := New()
	simple, links := 0, 0
	for _, src := range texts {
		var got []string
		if !simpleLinks(src, func(dest, alt string, image bool) {
			if image {
				dest = "image " + dest + " alt " + alt
			}
			got = append(got, dest)
		}) {
			continue
		}
		simple++
		links += len(got)
		var want []string
		ast.Walk(r.parse(src), func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			switch n := n.(type) {
			case *ast.Link:
				if entering {
					want = append(want, string(n.Destination))
				}
			case *ast.Image:
				if entering {
					var alt strings.Builder
					plainChildren(&alt, n, []byte(src))
					want = append(want, "image "+string(n.Destination)+" alt "+alt.String())
				}
			case *ast.AutoLink:
				if entering {
					want = append(want, "autolink")
				}
			}
			return ast.WalkContinue, nil
		})
		if !slices.Equal(got, want) {
			t.Errorf("%q: the scan found %q; goldmark %q", src, got, want)
		}
	}
	if simple < len(texts)/4 || links < 100 {
		t.Errorf("the scan took %d of %d texts, with %d links; the fast path is not taken", simple, len(texts), links)
	}
	t.Logf("the scan took %d of %d texts, with %d links", simple, len(texts), links)
}
