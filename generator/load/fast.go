package load

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"

	"kbgen/generator/kb"
)

// parseFast reads the YAML that writers write, and nothing else, straight
// into the node tree (its text copied out of data, which is not kept
// alive by the articles made from it): block mappings of plain keys, block sequences
// (compact mappings in their items included), plain and quoted scalars on
// one line, literal and folded block scalars (| |- > >-), flow sequences
// of scalars on one line ([Windows, "macOS"]) and comments. That is every
// article in content/ and every one the corpus generator writes.
//
// It answers nil, and parse asks yaml.v3, for anything outside that
// subset or anything it would have to judge: anchors, tags, flow
// mappings, text over several lines without a block indicator, tabs,
// CRLF, empty values, a repeated key, a character no page may hold, a
// file without a final line break. So it never reports an error itself,
// and what it accepts it reads exactly as yaml.v3 (and the converter)
// would, positions included: FuzzFastIsYAML3 holds it to that.
//
// yaml.v3 was half of what `check` costs on a large knowledge base; this
// reads the same files 4–5 times as fast, allocating half the bytes in a
// third of the allocations (BenchmarkParse).
func parseFast(file string, data []byte) *node {
	if len(data) == 0 || data[len(data)-1] != '\n' || !plainText(data) {
		return nil
	}
	p := fastParser{file: file, lines: splitLines(data)}
	if p.lines == nil {
		return nil
	}
	p.skipBlank()
	if p.eof() || p.cur().indent != 0 {
		return nil
	}
	n := p.block(0, 0)
	p.skipBlank()
	if n == nil || p.failed || !p.eof() {
		return nil
	}
	n.sizeAll()
	return n
}

// plainText reports UTF-8 text with no character that yaml.v3 or the
// converter refuses or reads in its own way (a control character, a
// noncharacter, a byte-order mark, a line break other than \n, a tab), so
// that the text of a plain or block scalar needs no further check.
func plainText(data []byte) bool {
	for i := 0; i < len(data); {
		c := data[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\n' || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' || r == '\uFEFF' || unfitRune(r) {
			return false
		}
		i += size
	}
	return true
}

// A fastLine is one line of the file without its line break: its text,
// where its content starts (the spaces before it, or after a sequence
// item's "- " once that is read) and whether it is blank or a comment.
type fastLine struct {
	text   string
	indent int
	blank  bool
}

func splitLines(data []byte) []fastLine {
	s := string(data)
	lines := make([]fastLine, 0, bytes.Count(data, []byte{'\n'}))
	for s != "" {
		i := strings.IndexByte(s, '\n')
		t := s[:i]
		s = s[i+1:]
		ind := 0
		for ind < len(t) && t[ind] == ' ' {
			ind++
		}
		// Document markers and directives: another document, or a
		// header this parser does not read.
		if strings.HasPrefix(t, "---") || strings.HasPrefix(t, "...") || strings.HasPrefix(t, "%") {
			return nil
		}
		lines = append(lines, fastLine{text: t, indent: ind, blank: ind == len(t) || t[ind] == '#'})
	}
	return lines
}

type fastParser struct {
	file   string
	lines  []fastLine
	i      int // current line
	failed bool
}

// fastDepth bounds nesting well inside maxDepth: an article is five
// levels deep, and deeper text is yaml.v3's to judge.
const fastDepth = 16

func (p *fastParser) eof() bool      { return p.i >= len(p.lines) }
func (p *fastParser) cur() *fastLine { return &p.lines[p.i] }
func (p *fastParser) fail() *node    { p.failed = true; return nil }
func (p *fastParser) pos(line, off int) kb.Pos {
	t := p.lines[line].text
	return kb.Pos{File: p.file, Line: line + 1, Col: utf8.RuneCountInString(t[:off]) + 1}
}

func (p *fastParser) skipBlank() {
	for p.i < len(p.lines) && p.lines[p.i].blank {
		p.i++
	}
}

// next moves to the next line with content and returns it if it belongs
// to the block indented by ind; nil at the block's end (a line indented
// less, or the end of the file) or after a failure. A line indented more
// is a failure: text continued on it, which yaml.v3 folds.
func (p *fastParser) next(ind int) *fastLine {
	p.skipBlank()
	if p.failed || p.eof() || p.cur().indent < ind {
		return nil
	}
	if p.cur().indent > ind {
		p.fail()
		return nil
	}
	return p.cur()
}

// block reads the mapping or sequence whose first line is the current one,
// indented by ind.
func (p *fastParser) block(ind, depth int) *node {
	if depth > fastDepth {
		return p.fail()
	}
	if isItem(p.cur().text[ind:]) {
		return p.sequence(ind, depth)
	}
	return p.mapping(ind, depth)
}

// isItem reports a sequence item: "-" then a space or the end of the line.
func isItem(s string) bool { return s == "-" || strings.HasPrefix(s, "- ") }

func (p *fastParser) sequence(ind, depth int) *node {
	l := &node{kind: listKind, pos: p.pos(p.i, ind)}
	for {
		ln := p.next(ind)
		if ln == nil || !isItem(ln.text[ind:]) {
			break
		}
		off := ind + 1
		for off < len(ln.text) && ln.text[off] == ' ' {
			off++
		}
		rest := ln.text[off:]
		var it *node
		switch {
		case rest == "" || rest[0] == '#':
			// The item's value starts on the next line, indented more.
			p.i++
			p.skipBlank()
			if p.eof() || p.cur().indent <= ind {
				return p.fail()
			}
			it = p.block(p.cur().indent, depth+1)
		case isItem(rest):
			return p.fail()
		case isKey(rest):
			// A compact mapping ("- id: x"): its keys line up after "- ".
			ln.indent = off
			it = p.mapping(off, depth+1)
		default:
			it = p.value(off, ind+1)
		}
		if it == nil {
			return p.fail()
		}
		l.items = append(l.items, it)
	}
	return l
}

// isKey reports a line that starts with a plain key and its colon.
func isKey(s string) bool {
	k := keyLen(s)
	return k > 0 && (len(s) == k+1 || s[k+1] == ' ')
}

// keyLen returns the length of the word before a colon at the start of s,
// or 0: only letters, digits, "_" and "-" (not first), so that a key
// cannot be anything but text to yaml.v3, and shorter than maxKey.
func keyLen(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
		case c >= '0' && c <= '9', c == '-':
			if i == 0 {
				return 0
			}
		case c == ':' && i > 0 && i < maxKey:
			return i
		default:
			return 0
		}
	}
	return 0
}

// maxKey bounds a key's length: YAML limits an implicit key to 1,024
// characters, and yaml.v3 refuses a longer one ("mapping values are not
// allowed in this context"), as FuzzFastIsYAML3 found in CI.
const maxKey = 1024

func (p *fastParser) mapping(ind, depth int) *node {
	if depth > fastDepth {
		return p.fail()
	}
	m := &node{kind: mapKind}
	for {
		ln := p.next(ind)
		if ln == nil {
			break
		}
		s := ln.text[ind:]
		if !isKey(s) {
			return p.fail()
		}
		name := s[:keyLen(s)]
		switch name {
		case "null", "Null", "NULL":
			return p.fail()
		}
		for _, k := range m.keys {
			if k.value == name {
				return p.fail() // yaml.v3 reports it
			}
		}
		k := &node{kind: scalarKind, value: name, pos: p.pos(p.i, ind)}
		if len(m.keys) == 0 {
			m.pos = k.pos
		}
		off := ind + len(name) + 1
		for off < len(ln.text) && ln.text[off] == ' ' {
			off++
		}
		var v *node
		if off == len(ln.text) || ln.text[off] == '#' {
			// The value is on the lines below: more indented, or a
			// sequence at the key's own indentation.
			p.i++
			p.skipBlank()
			switch {
			case p.eof():
				return p.fail()
			case p.cur().indent > ind:
				v = p.block(p.cur().indent, depth+1)
			case p.cur().indent == ind && isItem(p.cur().text[ind:]):
				v = p.sequence(ind, depth+1)
			default:
				return p.fail() // an empty value
			}
		} else {
			v = p.value(off, ind)
		}
		if v == nil {
			return p.fail()
		}
		m.keys = append(m.keys, k)
		m.vals = append(m.vals, v)
	}
	return m
}

// value reads the value that starts at off on the current line, inside a
// node indented by ind, and moves past it.
func (p *fastParser) value(off, ind int) *node {
	ln := p.cur()
	s := ln.text[off:]
	var v *node
	end := len(ln.text)
	switch s[0] {
	case '"', '\'':
		var n int
		v, n = p.quoted(off)
		end = off + n
	case '[':
		var n int
		v, n = p.flow(off)
		end = off + n
	case '|', '>':
		return p.blockScalar(off, ind)
	default:
		var ok bool
		if v, ok = p.plain(off, s); !ok {
			return p.fail()
		}
		p.i++
		return v
	}
	if v == nil || !trailer(ln.text[end:]) {
		return p.fail()
	}
	p.i++
	return v
}

// trailer reports what may follow a value on its line: nothing, or a
// comment after a space.
func trailer(s string) bool {
	t := strings.TrimLeft(s, " ")
	return t == "" || t[0] == '#' && len(t) < len(s)
}

// startsPlain reports whether c may start plain text: not a YAML indicator
// (some of which, such as "-" or ":", may start text in some places; those
// are left to yaml.v3).
func startsPlain(c byte) bool {
	return !strings.ContainsRune("-?:,[]{}#&*!|>'\"%@`~", rune(c))
}

// plain reads plain text from off to the end of the line or a comment.
func (p *fastParser) plain(off int, s string) (*node, bool) {
	if !startsPlain(s[0]) {
		return nil, false
	}
	if i := strings.Index(s, " #"); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimRight(s, " ")
	if strings.Contains(s, ": ") || strings.HasSuffix(s, ":") {
		return nil, false // a mapping where text was expected: yaml.v3's error
	}
	if isNull(s) {
		return &node{kind: nullKind, pos: p.pos(p.i, off)}, true
	}
	return &node{kind: scalarKind, value: strings.Clone(s), pos: p.pos(p.i, off)}, true
}

func isNull(s string) bool {
	switch s {
	case "null", "Null", "NULL":
		return true
	}
	return false
}

// quoted reads a quoted scalar that opens and closes on the current line
// at off, and returns it with its length in bytes.
func (p *fastParser) quoted(off int) (*node, int) {
	s := p.cur().text[off:]
	q := s[0]
	var b strings.Builder
	simple := true // no escapes: the value is a part of the line
	i := 1
	for ; ; i++ {
		if i >= len(s) {
			return nil, 0 // continues on the next line: yaml.v3's to fold
		}
		c := s[i]
		if c == q {
			if q == '\'' && i+1 < len(s) && s[i+1] == '\'' {
				if simple {
					b.WriteString(s[1:i])
					simple = false
				}
				b.WriteByte('\'')
				i++
				continue
			}
			break
		}
		if c == '\\' && q == '"' {
			if simple {
				b.WriteString(s[1:i])
				simple = false
			}
			if i+1 >= len(s) {
				return nil, 0
			}
			i++
			switch s[i] {
			case '\\', '"': // not "\/", which YAML 1.2 has and yaml.v3 refuses
				b.WriteByte(s[i])
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'u':
				if i+4 >= len(s) {
					return nil, 0
				}
				r, err := strconv.ParseUint(s[i+1:i+5], 16, 32)
				if err != nil || !utf8.ValidRune(rune(r)) {
					return nil, 0
				}
				b.WriteRune(rune(r))
				i += 4
			default:
				return nil, 0
			}
			continue
		}
		if !simple {
			b.WriteByte(c)
		}
	}
	var v string
	if simple {
		v = strings.Clone(s[1:i])
	} else {
		v = b.String()
	}
	if _, bad := unfit(v); bad { // an escape can write one
		return nil, 0
	}
	return &node{kind: scalarKind, value: v, quoted: true, pos: p.pos(p.i, off)}, i + 1
}

// flow reads a sequence of scalars in brackets on the current line at off
// ([Windows, macOS, "iOS 18"]), and returns it with its length in bytes.
func (p *fastParser) flow(off int) (*node, int) {
	s := p.cur().text
	l := &node{kind: listKind, pos: p.pos(p.i, off), items: []*node{}}
	i := off + 1
	for {
		for i < len(s) && s[i] == ' ' {
			i++
		}
		if i >= len(s) {
			return nil, 0
		}
		if s[i] == ']' && len(l.items) == 0 {
			return l, i + 1 - off
		}
		var it *node
		switch s[i] {
		case '"', '\'':
			var n int
			if it, n = p.quoted(i); it == nil {
				return nil, 0
			}
			i += n
		default:
			if !startsPlain(s[i]) {
				return nil, 0
			}
			j := i
			for j < len(s) && !strings.ContainsRune(",[]{}#:?", rune(s[j])) {
				j++
			}
			v := strings.TrimRight(s[i:j], " ")
			if isNull(v) {
				return nil, 0
			}
			it = &node{kind: scalarKind, value: strings.Clone(v), pos: p.pos(p.i, i)}
			i = j
		}
		l.items = append(l.items, it)
		for i < len(s) && s[i] == ' ' {
			i++
		}
		if i >= len(s) {
			return nil, 0
		}
		switch s[i] {
		case ']':
			return l, i + 1 - off
		case ',':
			i++
		default:
			return nil, 0
		}
	}
}

// blockScalar reads a literal (|, |-) or folded (>, >-) scalar whose
// indicator is at off on the current line, inside a node indented by ind.
func (p *fastParser) blockScalar(off, ind int) *node {
	head := p.cur().text[off:]
	literal := head[0] == '|'
	var strip bool
	switch head[1:] {
	case "":
	case "-":
		strip = true
	default:
		return p.fail() // explicit indentation, keep (+), a comment: yaml.v3's
	}
	pos := p.pos(p.i, off)
	p.i++
	// The first line with text sets the indentation; empty lines before
	// it may not be longer.
	first := p.i
	for first < len(p.lines) && strings.TrimLeft(p.lines[first].text, " ") == "" {
		first++
	}
	if first == len(p.lines) {
		return p.fail()
	}
	indent := p.lines[first].indent
	if indent <= ind {
		return p.fail() // empty: yaml.v3's
	}
	// The lines of the scalar: up to the last with text (the empty lines
	// after it are chomped), none indented less than the first.
	end, size := p.i, 0
	for j := p.i; j < len(p.lines); j++ {
		t := p.lines[j].text
		if strings.TrimLeft(t, " ") == "" {
			if len(t) > indent {
				return p.fail() // spaces as content
			}
			continue
		}
		if p.lines[j].indent < indent {
			break
		}
		if p.lines[j].indent > indent && !literal {
			return p.fail() // a more-indented line keeps its breaks
		}
		end = j + 1
		size += len(t) - indent + 1
	}
	var b strings.Builder
	b.Grow(size + end - p.i)
	if literal {
		for j := p.i; j < end; j++ {
			if j > p.i {
				b.WriteByte('\n')
			}
			if t := p.lines[j].text; len(t) > indent {
				b.WriteString(t[indent:])
			}
		}
	} else {
		// Folding: a line break between two lines of text becomes a space;
		// n empty lines between them stay n line breaks (as do those
		// before the first).
		empty, text := 0, false
		for j := p.i; j < end; j++ {
			t := p.lines[j].text
			if len(t) <= indent {
				empty++
				continue
			}
			if text && empty == 0 {
				b.WriteByte(' ')
			}
			for ; empty > 0; empty-- {
				b.WriteByte('\n')
			}
			b.WriteString(t[indent:])
			text = true
		}
	}
	p.i = end
	if !strip {
		b.WriteByte('\n')
	}
	return &node{kind: scalarKind, value: b.String(), quoted: true, pos: pos}
}

// sizeAll sizes a tree made by parseFast, as the converters do while they
// convert (sizeNew): a node counts itself and its children's values.
func (v *node) sizeAll() {
	for _, l := range [][]*node{v.items, v.keys, v.vals} {
		for _, it := range l {
			it.sizeAll()
		}
	}
	v.sizeNew()
}
