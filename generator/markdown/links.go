package markdown

import (
	"strings"

	"github.com/yuin/goldmark/ast"
)

// Links calls yield with the destination of each link and image in the
// Markdown src (and an image's alt text, its description), in order, as the page's parser reads them (a "](" in a
// code span is no link), before SafeURL drops any: what validation checks.
// Text that cannot hold a link is not parsed, and text whose links are
// plain [text](dest) with nothing around them that could change their
// reading is scanned without the parser (simpleLinks).
func (r *Renderer) Links(src string, yield func(dest, alt string, image bool)) {
	if !strings.Contains(src, "](") && !strings.Contains(src, "]:") && !mayAutolink(src) {
		return
	}
	if simpleLinks(src, nil) {
		simpleLinks(src, yield)
		return
	}
	ast.Walk(r.parse(src), func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			yield(string(n.Destination), "", false)
		case *ast.Image:
			var alt strings.Builder
			plainChildren(&alt, n, []byte(src))
			yield(string(n.Destination), alt.String(), true)
		case *ast.AutoLink:
			if n.AutoLinkType == ast.AutoLinkURL {
				yield(string(n.URL([]byte(src))), "", false)
			}
		}
		return ast.WalkContinue, nil
	})
}

// simpleLinks reports whether every link of src is a plain [text](dest)
// or ![alt](dest) that goldmark reads the same way, and calls yield (when
// not nil) with each: text on one line without brackets, a destination without
// spaces, quotes, parentheses, angle brackets or code, and no escape, HTML,
// table cell (|),
// entity, autolink, reference or indented line anywhere in src. Code spans
// of single backticks in one line are passed over (a "](" in one is no
// link). Anything
// else is the parser's (TestSimpleLinksAgree).
func simpleLinks(src string, yield func(dest, alt string, image bool)) bool {
	if strings.ContainsAny(src, "\\<&~\t|") || strings.Contains(src, "]:") || strings.Contains(src, "\n ") || strings.HasPrefix(src, " ") {
		return false
	}
	scan := src
	if strings.IndexByte(src, '`') >= 0 {
		// A span does not cross a block's end: code and lines, the parser's.
		if strings.Contains(src, "``") || strings.Count(src, "`")%2 != 0 || strings.IndexByte(src, '\n') >= 0 {
			return false
		}
		b := []byte(src)
		for i, in := 0, false; i < len(b); i++ {
			if b[i] == '`' {
				in = !in
			} else if in {
				b[i] = 'x' // the span's text: never a link
			}
		}
		scan = string(b)
	}
	for at := 0; ; {
		i := strings.Index(scan[at:], "](")
		if i < 0 {
			return true
		}
		i += at
		open := strings.LastIndexByte(scan[at:i], '[')
		if open < 0 || strings.ContainsAny(scan[at+open+1:i], "[]\n") || at+open+1 == i {
			return false
		}
		open += at
		end := strings.IndexByte(scan[i+2:], ')')
		if end <= 0 {
			return false
		}
		dest := scan[i+2 : i+2+end]
		if strings.ContainsAny(dest, " \n\"'()<>[]*_`") || dest != src[i+2:i+2+end] {
			return false
		}
		image := open > 0 && scan[open-1] == '!'
		if image && strings.ContainsAny(src[open+1:i], "*_`") {
			return false // the alt text is plain text: emphasis, the parser's
		}
		if yield != nil {
			if image {
				yield(dest, src[open+1:i], true)
			} else {
				yield(dest, "", false)
			}
		}
		at = i + 2 + end + 1
	}
}

// mayAutolink reports whether src may hold an autolink: a < followed,
// before the next > and with no space, by a : (a scheme) or an @ (an
// address). "a < b" and "<b>" cannot.
func mayAutolink(src string) bool {
	for {
		i := strings.IndexByte(src, '<')
		if i < 0 {
			return false
		}
		src = src[i+1:]
		end := strings.IndexAny(src, "> \n\t<")
		if end > 0 && src[end] == '>' && strings.ContainsAny(src[:end], ":@") {
			return true
		}
	}
}
