package load

import (
	"fmt"
	"slices"
	"strings"
)

// syntaxAdvice says what is wrong, and what to do, for the syntax errors
// writers make most, from the line the parser's error points at (line and
// col, a column counted in characters, from 1): text that YAML reads as
// something else because of how it starts, a quote inside quoted text, a
// key without its colon, a line out of line with its siblings. The
// parser's own message for these ("value is not allowed in this context",
// "unexpected key name") does not tell a writer which. It answers false
// when the line is none of these; explain then rewords the message.
//
// It is called only for a file no parser could read, so it may take its
// time: the file is read again from the top.
func syntaxAdvice(data []byte, line, col int) (string, bool) {
	lines := strings.Split(string(data), "\n")
	if line < 1 || line > len(lines) || col < 1 {
		return "", false
	}
	l := lines[line-1]
	at, ok := byteOffset(l, col)
	if !ok {
		return "", false
	}
	e := readEntry(l)
	if advice, ok := misindented(lines, line, at, e); ok {
		return advice, true
	}
	if advice, ok := missingColon(lines, line, at, e); ok {
		return advice, true
	}
	if advice, ok := valueStart(l, at, e); ok {
		return advice, true
	}
	if advice, ok := keyIndentedBelow(lines, line, at, e); ok {
		return advice, true
	}
	if advice, ok := colonInText(l, at, e); ok {
		return advice, true
	}
	return bareKeyAbove(lines, line, e)
}

// keyIndentedBelow recognizes a key indented further than the key above
// it ("text:" two spaces right of "id:"): YAML reads it as more of the
// text above, and the parser points at that text, on the line above the
// mistake. The advice names the line to move.
func keyIndentedBelow(lines []string, line, at int, e entry) (string, bool) {
	if e.keyAt < 0 || at != e.value || e.value == len(lines[line-1]) {
		return "", false
	}
	for j := line; j < len(lines); j++ {
		t := strings.TrimSpace(lines[j])
		if t == "" || t[0] == '#' {
			continue
		}
		next := readEntry(lines[j])
		if next.keyAt <= e.keyAt || len(next.dashes) > 0 || !slices.Contains(topFields, next.key) && !slices.Contains(nestedFields, next.key) {
			return "", false
		}
		n := next.keyAt - e.keyAt
		spaces := "spaces"
		if n == 1 {
			spaces = "space"
		}
		return fmt.Sprintf("check the indentation: line %d, %q, must line up with %q on this line, %d %s further left", j+1, next.key, e.key, n, spaces), true
	}
	return "", false
}

// colonInText recognizes the commonest mistake of all in error messages:
// plain text after a key that holds ": " ("summary: Error: the app…"),
// which YAML reads as a second key on the line. The advice shows the line
// with its text quoted.
func colonInText(l string, at int, e entry) (string, bool) {
	if e.keyAt < 0 || at < e.value || e.value == len(l) || strings.ContainsRune("\"'|>[{&*!%@`", rune(l[e.value])) {
		return "", false
	}
	text := strings.TrimRight(l[e.value:], " \t\r")
	if i := strings.Index(text, " #"); i >= 0 {
		text = strings.TrimRight(text[:i], " \t") // a comment after the text
	}
	if !strings.Contains(text, ": ") && !strings.HasSuffix(text, ":") {
		return "", false
	}
	if r := []rune(text); len(r) > 40 {
		text = string(r[:40]) + "…"
	}
	// Double quotes read backslashes as escapes: "C:\new" would become a
	// line break and "C:\Windows" an error. Single quotes read nothing
	// but '' (one quote).
	quoted := `"` + text + `"`
	if strings.ContainsAny(text, `"\`) {
		quoted = "'" + strings.ReplaceAll(text, "'", "''") + "'"
	}
	return fmt.Sprintf("text that contains \": \" must be in quotes, or YAML reads a second key in it: `%s: %s`", e.key, quoted), true
}

// valueStart recognizes text that YAML reads as something else because of
// how it starts: a reserved character, a bracket, a quote that is not the
// text's last.
func valueStart(l string, at int, e entry) (string, bool) {
	if at < e.value || e.value == len(l) {
		return "", false
	}
	switch c := l[e.value]; c {
	case '@', '`':
		if at == e.value {
			return fmt.Sprintf(`text cannot start with "%c", which YAML reserves: put the whole text in quotes, or start with a word`, c), true
		}
	case '[', '{':
		end, ok := flowEnd(l, e.value)
		if !ok || at < end {
			return "", false
		}
		if c == '[' && slices.Contains(listFields, e.key) {
			return `a list in [ ] ends at its "]": put what follows inside the brackets, or remove it`, true
		}
		if c == '[' {
			return `text that starts with "[" is read as a list: put the whole text in quotes, or start with a word`, true
		}
		return `text that starts with "{" is read as a mapping ({key: value}): put the whole text in quotes, or start with a word`, true
	case '"', '\'':
		return strayQuote(l, e.value, at)
	}
	return "", false
}

// strayQuote explains text after the closing quote of quoted text that
// starts at start: a quote inside the text, or text that starts with a
// quoted word.
func strayQuote(l string, start, at int) (string, bool) {
	q := l[start]
	end, ok := quotedEnd(l, start)
	if !ok || at < end {
		return "", false
	}
	rest := strings.TrimSpace(l[end:])
	if rest == "" || rest[0] == '#' {
		return "", false
	}
	text := l[start:]
	if i := strings.Index(text[end-start:], " #"); i >= 0 {
		text = text[:end-start+i] // a comment after the text
	}
	text = strings.TrimRight(text, " ")
	whole := len(text) > end-start && text[len(text)-1] == q // the writer quoted the whole line
	if whole {
		text = text[1 : len(text)-1]
	}
	if q == '"' {
		switch {
		case whole && strings.ContainsRune(text, '\''):
			return `a double quote inside double-quoted text ends it: write \" for each " inside`, true
		case whole:
			return `a double quote inside double-quoted text ends it: use single quotes around the text, or write \" for each " inside`, true
		case strings.ContainsRune(text, '\''):
			return `text that starts with a double quote ends at the next one: put the whole text in double quotes, with \" for each " inside, or start with a word`, true
		}
		return `text that starts with a double quote ends at the next one: put the whole text in single quotes, or start with a word`, true
	}
	switch {
	case whole && strings.ContainsRune(text, '"'):
		return `a single quote inside single-quoted text ends it: write it twice ('')`, true
	case whole:
		return `a single quote inside single-quoted text ends it: use double quotes around the text, or write it twice ('')`, true
	case strings.ContainsRune(text, '"'):
		return `text that starts with a single quote ends at the next one: put the whole text in single quotes, with '' for each ' inside, or start with a word`, true
	}
	return `text that starts with a single quote ends at the next one: put the whole text in double quotes, or start with a word`, true
}

// missingColon recognizes a key written without its colon, or without the
// space after it ("id no-network", "id:no-network"): the error points at a
// field name that starts the line (or its "- " item), and a key on the
// line before or after it stands in the same column.
func missingColon(lines []string, line, at int, e entry) (string, bool) {
	l := lines[line-1]
	if e.key != "" || at != e.value {
		return "", false
	}
	j := at
	for j < len(l) && (l[j] >= 'a' && l[j] <= 'z' || l[j] == '_') {
		j++
	}
	word := l[at:j]
	if !isField(word) {
		return "", false
	}
	if !keyInColumn(lines, line, at, -1) && !keyInColumn(lines, line, at, +1) {
		return "", false
	}
	rest := strings.TrimSpace(l[j:])
	switch {
	case j == len(l) || rest == "":
		return fmt.Sprintf("a key needs a colon after it: `%s:`", word), true
	case l[j] == ':':
		return fmt.Sprintf("a key needs a space after its colon: `%s: %s`", word, shorten(rest[1:])), true
	case l[j] == ' ':
		return fmt.Sprintf("a key needs a colon and a space after it: `%s: %s`", word, shorten(rest)), true
	}
	return "", false
}

// bareKeyAbove recognizes a field name alone on its line, without its
// colon ("steps" above the list of steps): the parser's error then points
// at a line below it, indented further, which was meant as its value.
func bareKeyAbove(lines []string, line int, e entry) (string, bool) {
	below := e.first // the smallest indentation from the error's line up
	for i := line - 2; i >= 0 && below > 0; i-- {
		a := readEntry(lines[i])
		if a.first == len(lines[i]) || lines[i][a.first] == '#' || a.first >= below {
			continue
		}
		if word := strings.TrimRight(lines[i][a.value:], " "); a.key == "" && a.value < below && isField(word) {
			return fmt.Sprintf("a key needs a colon after it: `%s:` on line %d", word, i+1), true
		}
		below = a.first
	}
	return "", false
}

func isField(word string) bool {
	return slices.Contains(topFields, word) || slices.Contains(nestedFields, word) || slices.Contains(sharedFields, word)
}

// keyInColumn reports whether the nearest line above (dir -1) or below
// (dir +1) the given one that is not blank, a comment or indented further
// than byte offset col has a key at col: a sibling.
func keyInColumn(lines []string, line, col, dir int) bool {
	for i := line - 1 + dir; i >= 0 && i < len(lines); i += dir {
		e := readEntry(lines[i])
		if e.first == len(lines[i]) || lines[i][e.first] == '#' || e.first > col {
			continue
		}
		return e.key != "" && e.keyAt == col
	}
	return false
}

// shorten cuts text for an example in a message.
func shorten(s string) string {
	const max = 40
	if r := []rune(s); len(r) > max {
		return string(r[:max]) + "…"
	}
	return s
}

// misindented recognizes a key or a "- " item that stands in no column of
// the mappings and lists open above it (the error points at its first
// character), and names the key or item it must line up with: of the open
// ones, the nearest column, the innermost on a tie, and one where the
// key belongs (fixes at the top, solves inside an item).
func misindented(lines []string, line, at int, e entry) (string, bool) {
	dash := len(e.dashes) > 0 && at == e.dashes[0]
	if !dash && (e.key == "" || e.keyAt != at) {
		return "", false
	}
	open := openLevels(lines[:line-1])
	var same []level
	for _, lv := range open {
		if lv.dash == dash {
			if lv.col == at {
				return "", false // in line with one: something else is wrong
			}
			same = append(same, lv)
		}
	}
	if !dash {
		// A key of the top level lines up with the top level; a key of
		// a cause, fix or question with a key of one.
		var fit []level
		for _, lv := range same {
			if slices.Contains(topFields, e.key) && lv.col == 0 || slices.Contains(nestedFields, e.key) && lv.col > 0 {
				fit = append(fit, lv)
			}
		}
		if len(fit) > 0 {
			same = fit
		}
	}
	if len(same) == 0 {
		return "", false
	}
	best := same[0]
	for _, lv := range same[1:] {
		if abs(lv.col-at) <= abs(best.col-at) {
			best = lv
		}
	}
	move := "further right"
	if best.col < at {
		move = "further left"
	}
	n := abs(best.col - at)
	spaces := "spaces"
	if n == 1 {
		spaces = "space"
	}
	what := fmt.Sprintf("%q", best.name)
	if dash {
		what = `the "-"`
	}
	return fmt.Sprintf("check the indentation: this line must line up with %s on line %d, %d %s %s", what, best.line, n, spaces, move), true
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// A level is a key or a "- " item still open at some line: its byte
// offset in its line, and its line.
type level struct {
	col  int
	line int
	name string // a key's
	dash bool
}

// openLevels reads lines as YAML's block structure, roughly (enough for
// the line after them): the keys and "- " items open at their end, outer
// first. Comments and the text of block scalars (|, >-) are skipped.
func openLevels(lines []string) []level {
	var open []level
	block := -1 // in a block scalar: lines indented further than this are its text
	for i, l := range lines {
		e := readEntry(l)
		if e.first == len(l) {
			continue
		}
		if block >= 0 {
			if e.first > block {
				continue
			}
			block = -1
		}
		if l[e.first] == '#' {
			continue
		}
		for len(open) > 0 && open[len(open)-1].col >= e.first {
			open = open[:len(open)-1]
		}
		for _, d := range e.dashes {
			open = append(open, level{col: d, line: i + 1, dash: true})
		}
		if e.key != "" {
			open = append(open, level{col: e.keyAt, line: i + 1, name: e.key})
		}
		if blockIndicator(l[e.value:]) && len(open) > 0 {
			block = open[len(open)-1].col
		}
	}
	return open
}

// blockIndicator reports a value that starts a block scalar: | or >, with
// a chomping or indentation indicator, perhaps a comment.
func blockIndicator(v string) bool {
	if v == "" || v[0] != '|' && v[0] != '>' {
		return false
	}
	v = strings.TrimLeft(v[1:], "+-0123456789")
	v = strings.TrimSpace(v)
	return v == "" || v[0] == '#'
}

// An entry is a line of block YAML taken apart: its "- " items, its key
// and where its value starts, as byte offsets.
type entry struct {
	first  int   // the first character other than a space; len(line) if blank
	dashes []int // the "-" of each item the line starts
	key    string
	keyAt  int // -1 without a key
	value  int // the value, after the items and the key's ": "; len(line) if none
}

func readEntry(l string) entry {
	e := entry{keyAt: -1}
	i := 0
	for i < len(l) && l[i] == ' ' {
		i++
	}
	e.first = i
	for i < len(l) && l[i] == '-' && (i+1 == len(l) || l[i+1] == ' ' || l[i+1] == '\t') {
		e.dashes = append(e.dashes, i)
		i++
		for i < len(l) && (l[i] == ' ' || l[i] == '\t') {
			i++
		}
	}
	j := i
	for j < len(l) && (l[j] >= 'a' && l[j] <= 'z' || l[j] >= 'A' && l[j] <= 'Z' || l[j] >= '0' && l[j] <= '9' || l[j] == '_' || l[j] == '-') {
		j++
	}
	if j > i && j < len(l) && l[j] == ':' && (j+1 == len(l) || l[j+1] == ' ' || l[j+1] == '\t') {
		e.key, e.keyAt = l[i:j], i
		i = j + 1
		for i < len(l) && (l[i] == ' ' || l[i] == '\t') {
			i++
		}
	}
	e.value = i
	return e
}

// flowEnd returns the offset just after the "]" or "}" that closes the
// flow collection opening at start, skipping quoted text; false if it is
// not closed on the line, or closed by the wrong bracket.
func flowEnd(l string, start int) (int, bool) {
	var want []byte
	for i := start; i < len(l); i++ {
		switch c := l[i]; c {
		case '[':
			want = append(want, ']')
		case '{':
			want = append(want, '}')
		case ']', '}':
			if len(want) == 0 || want[len(want)-1] != c {
				return 0, false
			}
			want = want[:len(want)-1]
			if len(want) == 0 {
				return i + 1, true
			}
		case '"', '\'':
			// Quotes start quoted text only where a value starts.
			if p := strings.TrimRight(l[start:i], " "); p[len(p)-1] != '[' && p[len(p)-1] != '{' && p[len(p)-1] != ',' && p[len(p)-1] != ':' {
				continue
			}
			end, ok := quotedEnd(l, i)
			if !ok {
				return 0, false
			}
			i = end - 1
		}
	}
	return 0, false
}

// quotedEnd returns the offset just after the quote that closes the
// quoted text starting at start ("…" with \ escapes, '…' with ”).
func quotedEnd(l string, start int) (int, bool) {
	q := l[start]
	for i := start + 1; i < len(l); i++ {
		switch {
		case q == '"' && l[i] == '\\':
			i++
		case l[i] == q && q == '\'' && i+1 < len(l) && l[i+1] == '\'':
			i++
		case l[i] == q:
			return i + 1, true
		}
	}
	return 0, false
}

// byteOffset returns where column col (in characters, from 1) starts in l;
// a column just past the end is len(l).
func byteOffset(l string, col int) (int, bool) {
	n := 1
	for i := range l {
		if n == col {
			return i, true
		}
		n++
	}
	return len(l), n == col
}

// The fields of an article (decoder.article): at the top level, in a
// cause, fix or question, or in both.
var (
	topFields    = []string{"error", "codes", "product", "platforms", "tags", "published", "updated", "review_by", "summary", "aliases", "causes", "fixes", "faq"}
	nestedFields = []string{"id", "text", "note", "level", "solves", "warning", "steps", "q", "a"}
	sharedFields = []string{"title", "applies_to"}
	listFields   = []string{"codes", "platforms", "tags", "aliases", "applies_to", "causes", "fixes", "faq", "solves", "steps"}
)
