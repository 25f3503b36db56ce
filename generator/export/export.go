// Package export writes the knowledge base in the forms support tools and
// people outside the site use: a plain-text reply to paste into a ticket,
// a Markdown copy of each article, a JSON API of every article, and an
// llms.txt index. All come from the article model, like the pages.
package export

import (
	"fmt"
	neturl "net/url"
	"strconv"
	"strings"
	"sync"

	"kbgen/generator/kb"
	"kbgen/generator/markdown"
)

// Reply is the plain text a support agent pastes into a ticket for the
// whole article: the quick answer, the fixes to try in order, and the link.
func Reply(a *kb.Article, md *markdown.Renderer, url string) string {
	var b strings.Builder
	head := replyHead(a, md, addresses(url))
	b.Grow(len(head) + 1024)
	b.WriteString(head)
	b.WriteString("\n\nTry these fixes, in order:\n")
	for _, level := range []kb.Level{kb.Basic, kb.Advanced} {
		for i, f := range a.FixesAt(level) {
			b.WriteString("- ")
			b.WriteString(kb.FixLabel(level, i+1))
			b.WriteString(": ")
			b.WriteString(md.OneLine(f.Title.Src))
			b.WriteString(note(f, md))
			b.WriteString("\n  ")
			b.WriteString(url)
			b.WriteByte('#')
			b.WriteString(f.ID.Value)
			b.WriteByte('\n')
		}
	}
	b.WriteString("\nFull article: ")
	b.WriteString(url)
	b.WriteByte('\n')
	return b.String()
}

// replyHead is what every reply of an article starts with: the error, its
// product and the quick answer.
func replyHead(a *kb.Article, md *markdown.Renderer, link func(string) string) string {
	return a.Error.Src + " (" + a.Product.Src + ")\n\n" + md.ReplyText(a.Summary.Src, link)
}

// addresses returns what a reply of the article at url shows after a
// link's text: the address made whole (a page or an anchor of the site
// gets the site's address), an e-mail address without its "mailto:".
// Whoever reads the reply in a ticket cannot follow a link they do not see.
func addresses(url string) func(dest string) string {
	base, berr := neturl.Parse(url)
	return func(dest string) string {
		u, err := neturl.Parse(dest)
		if err == nil && u.Scheme == "mailto" { // Parse lowercases MAILTO:
			// The address alone: not a subject or body (?subject=…).
			if addr, err := neturl.PathUnescape(u.Opaque); err == nil && addr != "" {
				return addr
			}
		}
		if berr != nil || err != nil {
			return dest
		}
		return base.ResolveReference(u).String()
	}
}

// Replies remembers each article's replies, Reply and FixReplies, once
// made: a build makes them for the article's page, and needs them again for
// its reply.txt and its API document (at 10,000 articles, 0.7 s of CPU
// made twice). The zero value is ready to use, from any goroutine; a nil
// *Replies makes them every time.
type Replies struct{ m sync.Map } // *kb.Article → *replies

type replies struct {
	url   string
	whole string
	fixes map[string]string
}

func (r *Replies) get(a *kb.Article, md *markdown.Renderer, url string) *replies {
	if r != nil {
		if v, ok := r.m.Load(a); ok && v.(*replies).url == url {
			return v.(*replies)
		}
	}
	x := &replies{url: url, whole: Reply(a, md, url), fixes: FixReplies(a, md, url)}
	if r != nil {
		r.m.Store(a, x)
	}
	return x
}

// Reply is Reply(a, md, url), made once.
func (r *Replies) Reply(a *kb.Article, md *markdown.Renderer, url string) string {
	return r.get(a, md, url).whole
}

// Fixes is FixReplies(a, md, url), made once. The map is shared: it must
// not be changed.
func (r *Replies) Fixes(a *kb.Article, md *markdown.Renderer, url string) map[string]string {
	return r.get(a, md, url).fixes
}

// FixReply is the plain text for one fix: the quick answer, the fix's
// warning and numbered steps, and the link to the fix.
func FixReply(a *kb.Article, f *kb.Fix, n int, md *markdown.Renderer, url string) string {
	link := addresses(url)
	return fixReply(replyHead(a, md, link), f, n, md, url, link)
}

// FixReplies returns FixReply of each of a's fixes, by fix ID, the
// article's part of them made once (a page and the API hold every fix's).
func FixReplies(a *kb.Article, md *markdown.Renderer, url string) map[string]string {
	link := addresses(url)
	head := replyHead(a, md, link)
	replies := make(map[string]string, len(a.Fixes))
	for _, level := range []kb.Level{kb.Basic, kb.Advanced} {
		for i, f := range a.FixesAt(level) {
			replies[f.ID.Value] = fixReply(head, f, i+1, md, url, link)
		}
	}
	return replies
}

func fixReply(head string, f *kb.Fix, n int, md *markdown.Renderer, url string, link func(string) string) string {
	title, note := md.OneLine(f.Title.Src), note(f, md)
	hasWarning, warning := !f.Warning.IsZero(), ""
	if hasWarning {
		warning = md.ReplyText(f.Warning.Src, link)
	}
	// The steps' texts first, so that the reply is made at its size: grown
	// from a guess, most replies were copied once or twice on the way (at
	// 10,000 articles, a page and the API make 80,000 of them).
	var buf [8]string
	steps := buf[:0]
	size := len(head) + len(title) + len(note) + len(warning) + len(url) + len(f.ID.Value) + 64
	for i, s := range f.Steps {
		t := indent(md.ReplyText(s.Src, link), itemIndent(i+1))
		steps = append(steps, t)
		size += len(t) + 8
	}
	var b strings.Builder
	b.Grow(size)
	b.WriteString(head)
	b.WriteString("\n\n")
	b.WriteString(kb.FixLabel(f.Level, n))
	b.WriteString(": ")
	b.WriteString(title)
	b.WriteString(note)
	b.WriteByte('\n')
	if hasWarning {
		b.WriteString("\nWarning: ")
		b.WriteString(warning)
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	for i, t := range steps {
		b.WriteString(strconv.Itoa(i + 1))
		b.WriteString(". ")
		b.WriteString(t)
		b.WriteByte('\n')
	}
	b.WriteString("\nFull steps: ")
	b.WriteString(url)
	b.WriteByte('#')
	b.WriteString(f.ID.Value)
	b.WriteByte('\n')
	return b.String()
}

func note(f *kb.Fix, md *markdown.Renderer) string {
	if f.Note.IsZero() {
		return ""
	}
	return " (" + md.OneLine(f.Note.Src) + ")"
}

// indent indents every line of s after the first.
func indent(s, prefix string) string {
	return strings.ReplaceAll(s, "\n", "\n"+prefix)
}

// itemIndent is what the lines of item n of a numbered list after its
// first are indented by: the width of its marker ("1. ", "10. "), as
// CommonMark requires for them to stay in the item. Three spaces under
// "10. " end the list: a code block of step 10 and every later step
// would fall out of it.
func itemIndent(n int) string {
	return strings.Repeat(" ", len(strconv.Itoa(n))+2)
}

// Markdown is the article as a Markdown document: the writer's Markdown
// as written (links within the site made whole), in the page's order, with
// its address. Its facts (message,
// product, dates, address) are a list, one per item: lines of a paragraph
// would run together once rendered.
func Markdown(a *kb.Article, md *markdown.Renderer, url string) string {
	// The writer's text, with links within the site made whole: the copy
	// is read away from the page, where "#fix" and "/product/error/" lead
	// nowhere.
	text := func(src string) string { return md.EscapeHTML(siteLinks(src, md, url)) }
	var b strings.Builder
	b.Grow(8 << 10) // most articles: grown from nothing, the copies cost more than the writing
	fmt.Fprintf(&b, "# %s\n\n", md.EscapeHTML(a.DisplayTitle()))
	fmt.Fprintf(&b, "- Error message: `%s`\n", strings.ReplaceAll(a.Error.Src, "`", "'"))
	if len(a.Codes) > 0 {
		codes := make([]string, len(a.Codes))
		for i, c := range a.Codes {
			codes[i] = "`" + strings.ReplaceAll(c.Src, "`", "'") + "`" // a backtick would end the span
		}
		fmt.Fprintf(&b, "- Error codes: %s\n", strings.Join(codes, ", "))
	}
	fmt.Fprintf(&b, "- Product: %s\n", md.EscapeHTML(a.Product.Src))
	if len(a.Platforms) > 0 {
		fmt.Fprintf(&b, "- Platforms: %s\n", md.EscapeHTML(join(a.Platforms)))
	}
	if len(a.AppliesTo) > 0 {
		fmt.Fprintf(&b, "- Applies to: %s\n", md.EscapeHTML(join(a.AppliesTo)))
	}
	fmt.Fprintf(&b, "- Updated: %s\n- Source: %s\n\n## Quick Answer\n\n%s\n\n## What Causes This Error\n\n", a.Updated, url, text(a.Summary.Src))
	for _, c := range a.Causes {
		fmt.Fprintf(&b, "- %s\n", text(c.Text.Src))
	}
	for _, level := range []kb.Level{kb.Basic, kb.Advanced} {
		fixes := a.FixesAt(level)
		if len(fixes) == 0 {
			continue
		}
		if level == kb.Basic {
			b.WriteString("\n## Step-by-Step Fixes\n")
		} else {
			b.WriteString("\n## Advanced Fixes\n")
		}
		for i, f := range fixes {
			fmt.Fprintf(&b, "\n### %s: %s%s\n\n", kb.FixLabel(level, i+1), md.EscapeHTML(f.Title.Src), md.EscapeHTML(note(f, md)))
			if len(f.AppliesTo) > 0 {
				fmt.Fprintf(&b, "Applies to: %s\n\n", md.EscapeHTML(join(f.AppliesTo)))
			}
			if !f.Warning.IsZero() {
				fmt.Fprintf(&b, "> **Warning:** %s\n\n", indent(text(f.Warning.Src), "> "))
			}
			for j, s := range f.Steps {
				fmt.Fprintf(&b, "%d. %s\n", j+1, indent(text(s.Src), itemIndent(j+1)))
			}
		}
	}
	if len(a.FAQ) > 0 {
		b.WriteString("\n## Frequently Asked Questions\n")
		for _, q := range a.FAQ {
			fmt.Fprintf(&b, "\n### %s\n\n%s\n", md.EscapeHTML(q.Q.Src), text(q.A.Src))
		}
	}
	return b.String()
}

// siteLinks returns src with the destinations of its links and images
// within the site ("#fix", "/product/error/", "/screens/a.png") made
// whole against the page's url. Only a destination that md finds as a
// link's is replaced, as the writer wrote it: "](dest)" or "](dest "title")".
func siteLinks(src string, md *markdown.Renderer, url string) string {
	if !strings.Contains(src, "](#") && !strings.Contains(src, "](/") {
		return src
	}
	abs := addresses(url)
	done := make(map[string]bool)
	md.Links(src, func(dest, _ string, _ bool) {
		if done[dest] || !strings.HasPrefix(dest, "#") && (!strings.HasPrefix(dest, "/") || strings.HasPrefix(dest, "//")) {
			return
		}
		done[dest] = true
		whole := abs(dest)
		src = outsideCode(src, func(s string) string {
			s = strings.ReplaceAll(s, "]("+dest+")", "]("+whole+")")
			return strings.ReplaceAll(s, "]("+dest+" ", "]("+whole+" ")
		})
	})
	return src
}

// outsideCode applies f to the parts of Markdown src outside code spans
// and fenced code, which show what the writer typed.
func outsideCode(src string, f func(string) string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(src, '`')
		if i < 0 {
			b.WriteString(f(src))
			return b.String()
		}
		b.WriteString(f(src[:i]))
		n := len(src[i:]) - len(strings.TrimLeft(src[i:], "`")) // the run's length
		end := strings.Index(src[i+n:], src[i:i+n])
		if end < 0 { // an unclosed run is text
			b.WriteString(src[i : i+n])
			src = src[i+n:]
			continue
		}
		b.WriteString(src[i : i+n+end+n])
		src = src[i+n+end+n:]
	}
}

func join(ts []kb.Text) string {
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = t.Src
	}
	return strings.Join(s, ", ")
}
