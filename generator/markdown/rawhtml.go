package markdown

import (
	"strings"

	"github.com/yuin/goldmark/ast"
)

// EscapeHTML returns the Markdown src with its raw HTML made text: a "\"
// before the "<" of each tag goldmark reads as HTML ("<b>" becomes
// "\<b>"), and before every "<" of an HTML block. The pages show a
// writer's HTML as typed (the renderer escapes it); a tool that renders a
// Markdown copy would otherwise run it ("<img src=x onerror=…>"). Which "<"
// is HTML is the parser's answer, so code spans and blocks, autolinks and
// "1 < 2" stay as they are, whatever the backticks and fences around them.
func (r *Renderer) EscapeHTML(src string) string {
	if !strings.Contains(src, "<") {
		return src
	}
	// Escaping can only turn HTML into text, but a block's end moves
	// with it: parse again until nothing is HTML (in practice once).
	for range 4 {
		at := r.rawHTML(src)
		if len(at) == 0 {
			return src
		}
		var b strings.Builder
		last := 0
		for _, i := range at {
			b.WriteString(src[last:i])
			b.WriteByte('\\')
			last = i
		}
		b.WriteString(src[last:])
		src = b.String()
	}
	return src
}

// rawHTML returns the offsets, in order, of the "<" that start raw HTML
// in src.
func (r *Renderer) rawHTML(src string) []int {
	var at []int
	ast.Walk(r.parse(src), func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.RawHTML:
			if n.Segments.Len() > 0 {
				if i := n.Segments.At(0).Start; i < len(src) && src[i] == '<' {
					at = append(at, i)
				}
			}
		case *ast.HTMLBlock:
			lines := n.Lines()
			for j := range lines.Len() {
				seg := lines.At(j)
				for i := seg.Start; i < seg.Stop && i < len(src); i++ {
					if src[i] == '<' && (i == 0 || src[i-1] != '\\') {
						at = append(at, i)
					}
				}
			}
			if n.HasClosure() {
				seg := n.ClosureLine
				for i := seg.Start; i < seg.Stop && i < len(src); i++ {
					if src[i] == '<' {
						at = append(at, i)
					}
				}
			}
		}
		return ast.WalkContinue, nil
	})
	return at
}
