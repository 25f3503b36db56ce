package export

import "strings"

// escapeHTML makes the raw HTML in a writer's Markdown text: "<b>" becomes
// "\<b>". The pages show such HTML as typed (the renderer escapes it); a
// tool that renders the Markdown copies (index.md, llms.txt) as Markdown
// would otherwise run it ("<img src=x onerror=…>"). Code spans and fenced
// code blocks are left as they are (a backslash is literal there), and so
// are autolinks (<https://…>, <me@example.com>) and a "<" that opens no
// tag ("1 < 2").
func escapeHTML(s string) string {
	if !strings.Contains(s, "<") {
		return s
	}
	var b strings.Builder
	fenced := false
	for line := range strings.Lines(s) {
		if t := strings.TrimLeft(line, " "); strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fenced = !fenced
			b.WriteString(line)
			continue
		}
		if fenced {
			b.WriteString(line)
			continue
		}
		escapeLine(&b, line)
	}
	return b.String()
}

func escapeLine(b *strings.Builder, line string) {
	for i := 0; i < len(line); i++ {
		switch c := line[i]; {
		case c == '`':
			// A code span: its run of backticks up to the same run again.
			n := 1
			for i+n < len(line) && line[i+n] == '`' {
				n++
			}
			run := line[i : i+n]
			end := strings.Index(line[i+n:], run)
			if end < 0 {
				b.WriteString(run)
				i += n - 1
				continue
			}
			b.WriteString(line[i : i+n+end+n])
			i += n + end + n - 1
		case c == '<' && opensTag(line[i+1:]):
			b.WriteString(`\<`)
		default:
			b.WriteByte(c)
		}
	}
}

// opensTag reports whether the text after a "<" would make it HTML in
// Markdown: a letter, /, ! or ?, and not an autolink.
func opensTag(rest string) bool {
	if rest == "" {
		return false
	}
	c := rest[0]
	if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '/' || c == '!' || c == '?') {
		return false
	}
	end := strings.IndexAny(rest, "> \t\n<")
	autolink := end > 0 && rest[end] == '>' && strings.ContainsAny(rest[:end], ":@")
	return !autolink
}
