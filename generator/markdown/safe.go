package markdown

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// safeRenderer overrides goldmark's HTML renderer where writers' text must
// not become markup: raw HTML is escaped, links and images are limited to
// safe schemes, headings are demoted (a field sits inside the page's own
// outline), and code blocks go through chroma.
type safeRenderer struct {
	code func(w util.BufWriter, lang, code string) error
	size func(dest string) (Image, bool)
}

func (r *safeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, r.rawHTML)
	reg.Register(ast.KindHTMLBlock, r.htmlBlock)
	reg.Register(ast.KindLink, r.link)
	reg.Register(ast.KindAutoLink, r.autoLink)
	reg.Register(ast.KindImage, r.image)
	reg.Register(ast.KindHeading, r.heading)
	reg.Register(ast.KindFencedCodeBlock, r.codeBlock)
	reg.Register(ast.KindCodeBlock, r.codeBlock)
}

func (r *safeRenderer) rawHTML(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		segs := n.(*ast.RawHTML).Segments
		for i := 0; i < segs.Len(); i++ {
			seg := segs.At(i)
			w.Write(util.EscapeHTML(seg.Value(source)))
		}
	}
	return ast.WalkSkipChildren, nil
}

func (r *safeRenderer) htmlBlock(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	b := n.(*ast.HTMLBlock)
	w.WriteString("<p>")
	lines := b.Lines()
	for i := 0; i < lines.Len(); i++ {
		if i > 0 {
			w.WriteString("<br>")
		}
		seg := lines.At(i)
		w.Write(util.EscapeHTML([]byte(strings.TrimRight(string(seg.Value(source)), "\r\n"))))
	}
	if b.HasClosure() {
		w.WriteString("<br>")
		w.Write(util.EscapeHTML(b.ClosureLine.Value(source)))
	}
	w.WriteString("</p>\n")
	return ast.WalkSkipChildren, nil
}

// SafeURL reports whether a link may point at dest: http, https and mailto
// URLs, and relative ones (a path, a fragment, a query).
func SafeURL(dest string) bool {
	u, err := url.Parse(strings.TrimSpace(dest))
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https", "mailto":
		return true
	case "":
		// "javascript:alert(1)" parses with a scheme; a colon before any
		// slash without one is an opaque scheme url.Parse did not accept.
		return !strings.Contains(strings.SplitN(dest, "/", 2)[0], ":")
	}
	return false
}

func (r *safeRenderer) link(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	l := n.(*ast.Link)
	if !SafeURL(string(l.Destination)) {
		return ast.WalkContinue, nil // the text stays, the link goes
	}
	if entering {
		w.WriteString(`<a href="`)
		w.Write(util.EscapeHTML(util.URLEscape(l.Destination, true)))
		w.WriteByte('"')
		if l.Title != nil {
			w.WriteString(` title="`)
			w.Write(util.EscapeHTML(l.Title))
			w.WriteByte('"')
		}
		w.WriteByte('>')
	} else {
		w.WriteString("</a>")
	}
	return ast.WalkContinue, nil
}

func (r *safeRenderer) autoLink(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	l := n.(*ast.AutoLink)
	dest := l.URL(source)
	label := l.Label(source)
	if l.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(string(dest)), "mailto:") {
		dest = append([]byte("mailto:"), dest...)
	}
	if !SafeURL(string(dest)) {
		w.Write(util.EscapeHTML(label))
		return ast.WalkContinue, nil
	}
	w.WriteString(`<a href="`)
	w.Write(util.EscapeHTML(util.URLEscape(dest, false)))
	w.WriteString(`">`)
	w.Write(util.EscapeHTML(label))
	w.WriteString("</a>")
	return ast.WalkContinue, nil
}

func (r *safeRenderer) image(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	img := n.(*ast.Image)
	var alt strings.Builder
	plainChildren(&alt, n, source)
	if !SafeURL(string(img.Destination)) {
		w.Write(util.EscapeHTML([]byte(alt.String())))
		return ast.WalkSkipChildren, nil
	}
	w.WriteString(`<img src="`)
	w.Write(util.EscapeHTML(util.URLEscape(img.Destination, true)))
	w.WriteString(`" alt="`)
	w.Write(util.EscapeHTML([]byte(alt.String())))
	if im, ok := r.size(string(img.Destination)); ok && im.Width > 0 && im.Height > 0 {
		// The browser keeps the image's place while it loads: the text
		// below does not jump (CSS scales it down to the column).
		fmt.Fprintf(w, `" width="%d" height="%d`, im.Width, im.Height)
	}
	w.WriteString(`" loading="lazy">`)
	return ast.WalkSkipChildren, nil
}

func (r *safeRenderer) heading(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		w.WriteString("<p><strong>")
	} else {
		w.WriteString("</strong></p>\n")
	}
	return ast.WalkContinue, nil
}

func (r *safeRenderer) codeBlock(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	var lang string
	if f, ok := n.(*ast.FencedCodeBlock); ok {
		lang = string(f.Language(source))
	}
	var code strings.Builder
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		code.Write(seg.Value(source))
	}
	return ast.WalkSkipChildren, r.code(w, lang, code.String())
}
