// Package export writes the knowledge base in the forms support tools and
// people outside the site use: a plain-text reply to paste into a ticket,
// a Markdown copy of each article, a JSON API of every article, and an
// llms.txt index. All come from the article model, like the pages.
package export

import (
	"fmt"
	"strings"

	"kbgen/generator/kb"
	"kbgen/generator/markdown"
)

// Reply is the plain text a support agent pastes into a ticket for the
// whole article: the quick answer, the fixes to try in order, and the link.
func Reply(a *kb.Article, md *markdown.Renderer, url string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s)\n\n", a.Error.Src, a.Product.Src)
	b.WriteString(md.Text(a.Summary.Src))
	b.WriteString("\n\nTry these fixes, in order:\n")
	for _, level := range []kb.Level{kb.Basic, kb.Advanced} {
		for i, f := range a.FixesAt(level) {
			fmt.Fprintf(&b, "- %s: %s%s\n  %s#%s\n", kb.FixLabel(level, i+1), md.OneLine(f.Title.Src), note(f, md), url, f.ID.Value)
		}
	}
	fmt.Fprintf(&b, "\nFull article: %s\n", url)
	return b.String()
}

// FixReply is the plain text for one fix: the quick answer, the fix's
// warning and numbered steps, and the link to the fix.
func FixReply(a *kb.Article, f *kb.Fix, n int, md *markdown.Renderer, url string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s)\n\n", a.Error.Src, a.Product.Src)
	b.WriteString(md.Text(a.Summary.Src))
	fmt.Fprintf(&b, "\n\n%s: %s%s\n", kb.FixLabel(f.Level, n), md.OneLine(f.Title.Src), note(f, md))
	if !f.Warning.IsZero() {
		fmt.Fprintf(&b, "\nWarning: %s\n", md.Text(f.Warning.Src))
	}
	b.WriteByte('\n')
	for i, s := range f.Steps {
		fmt.Fprintf(&b, "%d. %s\n", i+1, indent(md.Text(s.Src), "   "))
	}
	fmt.Fprintf(&b, "\nFull steps: %s#%s\n", url, f.ID.Value)
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

// Markdown is the article as a Markdown document: the writer's Markdown
// as written, in the page's order, with its address.
func Markdown(a *kb.Article, md *markdown.Renderer, url string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", a.DisplayTitle())
	fmt.Fprintf(&b, "Error message: `%s`\n", strings.ReplaceAll(a.Error.Src, "`", "'"))
	if len(a.Codes) > 0 {
		codes := make([]string, len(a.Codes))
		for i, c := range a.Codes {
			codes[i] = "`" + c.Src + "`"
		}
		fmt.Fprintf(&b, "Error codes: %s\n", strings.Join(codes, ", "))
	}
	fmt.Fprintf(&b, "Product: %s\n", a.Product.Src)
	if len(a.Platforms) > 0 {
		fmt.Fprintf(&b, "Platforms: %s\n", join(a.Platforms))
	}
	if len(a.AppliesTo) > 0 {
		fmt.Fprintf(&b, "Applies to: %s\n", join(a.AppliesTo))
	}
	fmt.Fprintf(&b, "Updated: %s\nSource: %s\n\n## Quick Answer\n\n%s\n\n## What Causes This Error\n\n", a.Updated, url, a.Summary.Src)
	for _, c := range a.Causes {
		fmt.Fprintf(&b, "- %s\n", c.Text.Src)
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
			fmt.Fprintf(&b, "\n### %s: %s%s\n\n", kb.FixLabel(level, i+1), f.Title.Src, note(f, md))
			if len(f.AppliesTo) > 0 {
				fmt.Fprintf(&b, "Applies to: %s\n\n", join(f.AppliesTo))
			}
			if !f.Warning.IsZero() {
				fmt.Fprintf(&b, "> **Warning:** %s\n\n", indent(f.Warning.Src, "> "))
			}
			for j, s := range f.Steps {
				fmt.Fprintf(&b, "%d. %s\n", j+1, indent(s.Src, "   "))
			}
		}
	}
	if len(a.FAQ) > 0 {
		b.WriteString("\n## Frequently Asked Questions\n")
		for _, q := range a.FAQ {
			fmt.Fprintf(&b, "\n### %s\n\n%s\n", q.Q.Src, q.A.Src)
		}
	}
	return b.String()
}

func join(ts []kb.Text) string {
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = t.Src
	}
	return strings.Join(s, ", ")
}
