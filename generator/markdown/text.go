package markdown

import (
	"bytes"
	stdhtml "html"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer/html"
)

// plain writes the text of a block node: what a reader sees, without markup.
func plain(b *strings.Builder, n ast.Node, source []byte) {
	plainer{source: source}.block(b, n)
}

// plainChildren writes the text of n's children.
func plainChildren(b *strings.Builder, n ast.Node, source []byte) {
	plainer{source: source}.children(b, n)
}

// A plainer writes the text of nodes. With link, each link's text is
// followed by the address link gives for its destination, in
// parentheses, when that is not "" and not the text itself.
type plainer struct {
	source []byte
	link   func(dest string) string
}

func (p plainer) block(b *strings.Builder, n ast.Node) {
	source := p.source
	switch n.Kind() {
	case ast.KindFencedCodeBlock, ast.KindCodeBlock, ast.KindHTMLBlock:
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			b.Write(seg.Value(source))
		}
		return
	case ast.KindList:
		for i, item := 0, n.FirstChild(); item != nil; i, item = i+1, item.NextSibling() {
			if i > 0 {
				b.WriteByte('\n')
			}
			var ib strings.Builder
			p.children(&ib, item)
			if l := n.(*ast.List); l.IsOrdered() {
				b.WriteString(strconv.Itoa(l.Start+i) + ". ")
			} else {
				b.WriteString("- ")
			}
			b.WriteString(strings.TrimSpace(ib.String()))
		}
		return
	case east.KindTableRow, east.KindTableHeader:
		for i, cell := 0, n.FirstChild(); cell != nil; i, cell = i+1, cell.NextSibling() {
			if i > 0 {
				b.WriteString(" | ")
			}
			p.children(b, cell)
		}
		b.WriteByte('\n')
		return
	}
	p.children(b, n)
}

func (p plainer) children(b *strings.Builder, n ast.Node) {
	source := p.source
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			if c.IsRaw() {
				b.Write(c.Segment.Value(source))
			} else {
				b.Write(shown(c.Segment.Value(source)))
			}
			if c.HardLineBreak() {
				b.WriteByte('\n')
			} else if c.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			if c.IsCode() || c.IsRaw() {
				b.Write(c.Value)
			} else {
				b.Write(shown(c.Value))
			}
		case *ast.CodeSpan:
			// Code shows its text as written: no escapes, no entities.
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				switch t := t.(type) {
				case *ast.Text:
					b.Write(t.Segment.Value(source))
				case *ast.String:
					b.Write(t.Value)
				}
			}
		case *ast.Link:
			from := b.Len()
			p.children(b, c)
			if p.link != nil {
				p.address(b, b.String()[from:], string(c.Destination))
			}
		case *ast.RawHTML:
			for i := 0; i < c.Segments.Len(); i++ {
				seg := c.Segments.At(i)
				b.Write(seg.Value(source))
			}
		case *ast.AutoLink:
			b.Write(c.Label(source))
		default:
			if c.Type() == ast.TypeBlock {
				if b.Len() > 0 {
					b.WriteString("\n")
				}
				p.block(b, c)
			} else {
				p.children(b, c)
			}
		}
	}
}

// address writes " (address)" after a link's text, unless the address is
// empty or the text already (a link written as its own address).
func (p plainer) address(b *strings.Builder, text, dest string) {
	if u := p.link(dest); u != "" && u != strings.TrimSpace(text) {
		b.WriteString(" (" + u + ")")
	}
}

// shown is what a page shows of text as written: its backslash escapes
// (\*) and entity references (&amp;, &nbsp;, &#x41;) resolved, as
// goldmark's HTML writer resolves them, so that the text of a field (its
// search entry, structured data, reply) is the text its page shows.
func shown(v []byte) []byte {
	if bytes.IndexByte(v, '\\') < 0 && bytes.IndexByte(v, '&') < 0 && bytes.IndexByte(v, 0) < 0 {
		return v
	}
	w := getWriter() // a pooled util.BufWriter: a bufio.Writer is 4 KB each
	defer putWriter(w)
	html.DefaultWriter.Write(w, v)
	return []byte(stdhtml.UnescapeString(string(w.b)))
}
