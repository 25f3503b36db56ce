package markdown

import (
	"strings"

	"github.com/yuin/goldmark/ast"
)

// Links calls yield with the destination of each link and image in the
// Markdown src, in order, as the page's parser reads them (a "](" in a
// code span is no link), before SafeURL drops any: what validation checks.
// Text that cannot hold a link is not parsed.
func (r *Renderer) Links(src string, yield func(dest string, image bool)) {
	if !strings.Contains(src, "](") && !strings.Contains(src, "<") && !strings.Contains(src, "]:") {
		return
	}
	ast.Walk(r.parse(src), func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			yield(string(n.Destination), false)
		case *ast.Image:
			yield(string(n.Destination), true)
		case *ast.AutoLink:
			if n.AutoLinkType == ast.AutoLinkURL {
				yield(string(n.URL([]byte(src))), false)
			}
		}
		return ast.WalkContinue, nil
	})
}
