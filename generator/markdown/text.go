package markdown

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// plain writes the text of a block node: what a reader sees, without markup.
func plain(b *strings.Builder, n ast.Node, source []byte) {
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
			plainChildren(&ib, item, source)
			b.WriteString("- ")
			b.WriteString(strings.TrimSpace(ib.String()))
		}
		return
	case east.KindTableRow, east.KindTableHeader:
		for i, cell := 0, n.FirstChild(); cell != nil; i, cell = i+1, cell.NextSibling() {
			if i > 0 {
				b.WriteString(" | ")
			}
			plainChildren(b, cell, source)
		}
		b.WriteByte('\n')
		return
	}
	plainChildren(b, n, source)
}

// plainChildren writes the text of n's children.
func plainChildren(b *strings.Builder, n ast.Node, source []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(source))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.CodeSpan:
			plainChildren(b, c, source)
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
				plain(b, c, source)
			} else {
				plainChildren(b, c, source)
			}
		}
	}
}
