package load

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	yaml "gopkg.in/yaml.v3"

	"kbgen/generator/kb"
)

// parse reads one YAML document into a node tree. A syntax error comes back
// as a kb.Error at the offending token.
//
// Articles as writers write them are read by parseFast, which reads a
// subset of YAML straight into the tree, exactly as yaml.v3 would
// (FuzzFastIsYAML3); anything else goes to the two full parsers.
//
// Two parsers share the rest. yaml.v3 reads every such file first: it is four
// times as fast as goccy/go-yaml (the parser Hugo uses, and this loader's
// first) and allocates an eighth of the memory, which is most of what
// loading a large knowledge base costs. A file yaml.v3 refuses is read
// again by goccy, which decides: it accepts some text libyaml's grammar
// does not ("- **Settings** > Mail", "{q: Why?, a: …}") and writers have
// come to rely on that, and its errors point at the token with a line and
// a column where yaml.v3's give a line at most. FuzzParsersAgree checks
// that when both accept a file they read the same tree.
func parse(file string, data []byte) (*node, *kb.Error) {
	if n := parseFast(file, data); n != nil {
		return n, nil
	}
	n, kerr, syntax := parseYAML3(file, data)
	if syntax == nil {
		return n, kerr
	}
	if n, gerr := parseGoccy(file, data); gerr == nil {
		return n, nil
	}
	return nil, yaml3Error(file, data, syntax)
}

// parseYAML3 reads one YAML document with yaml.v3. A file it cannot parse
// comes back as syntax, the parser's own error; any other problem as a
// kb.Error.
func parseYAML3(file string, data []byte) (n *node, kerr *kb.Error, syntax error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []*yaml.Node
	for {
		d := new(yaml.Node)
		err := dec.Decode(d)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		if len(d.Content) > 0 && !isEmptyDoc(d) {
			docs = append(docs, d)
		}
	}
	switch len(docs) {
	case 0:
		return nil, &kb.Error{Pos: kb.Pos{File: file, Line: 1, Col: 1}, Msg: "empty file: an article needs at least error, product, updated, summary, causes and fixes (see docs/writing-articles.md)"}, nil
	case 1:
	default:
		return nil, &kb.Error{Pos: kb.Pos{File: file, Line: docs[1].Line, Col: docs[1].Column}, Msg: "a second YAML document (---): write one article per file"}, nil
	}
	c := converter3{file: file, anchors: make(map[*yaml.Node]*node)}
	n = c.convert(docs[0].Content[0], 0)
	if c.err != nil {
		return nil, c.err, nil
	}
	return n, nil, nil
}

// isEmptyDoc reports a document with nothing in it ("---" alone).
func isEmptyDoc(d *yaml.Node) bool {
	b := d.Content[0]
	return b.Kind == yaml.ScalarNode && b.ShortTag() == "!!null" && b.Value == "" && b.Style == 0
}

var yaml3Line = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yaml3Error reports a file both parsers refused. Text that starts with
// "*", as a writer's bold does (- **Settings** > Network), gets its own
// message: YAML reads it as an alias, and goccy's message is about
// something else. Any other error is goccy's, which points at the token.
func yaml3Error(file string, data []byte, err error) *kb.Error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := yaml3Line.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	if msg == "did not find expected alphabetic or numeric character" {
		if l, col, ok := aliasLikeText(data, line); ok {
			return &kb.Error{Pos: kb.Pos{File: file, Line: l, Col: col},
				Msg: `YAML syntax: text that starts with "*" is read as an alias (*name): put the whole text in quotes, as in - "**Settings** > Mail"`}
		}
	}
	_, gerr := parseGoccy(file, data)
	return gerr
}

// aliasLikeText finds the first "*" that starts a value (after "- ", ": ",
// "[", "{" or ",") and is not followed by an anchor name: the start of
// "**bold**" text, which YAML cannot read unquoted. With only > 0, it looks
// on that line alone.
func aliasLikeText(data []byte, only int) (line, col int, ok bool) {
	for i, l := range strings.Split(string(data), "\n") {
		if only > 0 && i+1 != only {
			continue
		}
		if strings.HasPrefix(strings.TrimSpace(l), "#") {
			continue
		}
		for j := 0; j < len(l); j++ {
			if l[j] != '*' {
				continue
			}
			before := strings.TrimRight(l[:j], " \t")
			starts := before == "" || strings.HasSuffix(before, "-") && (len(before) == 1 || before[len(before)-2] == ' ' || before[len(before)-2] == '\t') ||
				strings.HasSuffix(before, ":") || strings.HasSuffix(before, "[") || strings.HasSuffix(before, "{") || strings.HasSuffix(before, ",")
			next := byte(' ')
			if j+1 < len(l) {
				next = l[j+1]
			}
			name := next == '-' || next == '_' || next >= '0' && next <= '9' || next|0x20 >= 'a' && next|0x20 <= 'z'
			if starts && !name {
				return i + 1, utf8.RuneCountInString(l[:j]) + 1, true
			}
		}
	}
	return 0, 0, false
}

// converter3 turns yaml.v3's nodes into the loader's node tree, with the
// rules of the goccy converter: aliases shared and bounded, merge keys
// refused, keys plain text and not repeated, control characters refused.
type converter3 struct {
	file     string
	anchors  map[*yaml.Node]*node
	err      *kb.Error
	expanded int
}

func (c *converter3) pos(n *yaml.Node) kb.Pos {
	return kb.Pos{File: c.file, Line: n.Line, Col: n.Column}
}

func (c *converter3) fail(n *yaml.Node, format string, args ...any) *node {
	if c.err == nil {
		c.err = &kb.Error{Pos: c.pos(n), Msg: fmt.Sprintf(format, args...)}
	}
	return &node{kind: nullKind, pos: c.pos(n)}
}

func (c *converter3) convert(n *yaml.Node, depth int) *node {
	v := c.convertNode(n, depth)
	if v.sizeNew() {
		c.expanded++
	}
	return v
}

func (c *converter3) convertNode(n *yaml.Node, depth int) *node {
	if c.err != nil {
		return &node{kind: nullKind}
	}
	if depth > maxDepth {
		return c.fail(n, "nested more than %d levels deep", maxDepth)
	}
	v := c.convertValue(n, depth)
	if n.Anchor != "" && n.Kind != yaml.AliasNode {
		c.anchors[n] = v
	}
	return v
}

func (c *converter3) convertValue(n *yaml.Node, depth int) *node {
	pos := c.pos(n)
	switch n.Kind {
	case yaml.AliasNode:
		v, ok := c.anchors[n.Alias]
		if !ok || n.Alias == nil {
			return c.fail(n, "alias *%s names no anchor defined before it", n.Value)
		}
		if c.expanded += v.size; c.expanded > maxExpanded {
			return c.fail(n, "aliases expand to more than %d values: write the text out instead of repeating *%s", maxExpanded, n.Value)
		}
		// Shared, not copied: a "billion laughs" file stays small in memory,
		// and the decoder never walks deeper than an article's shape.
		return v
	case yaml.MappingNode:
		m := &node{kind: mapKind, pos: pos}
		first := make(map[string]*yaml.Node, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			kn, vn := n.Content[i], n.Content[i+1]
			if kn.Kind == yaml.ScalarNode && kn.ShortTag() == "!!merge" {
				return c.fail(kn, "merge keys (<<) are not supported: write the fields out")
			}
			k := c.convert(kn, depth+1)
			if k.kind != scalarKind {
				c.fail(kn, "a key must be a plain word, not %s", k.kind)
				return m
			}
			if prev, ok := first[k.value]; ok {
				return c.fail(kn, "YAML syntax: repeated key %q (first at line %d); keep one", k.value, prev.Line)
			}
			first[k.value] = kn
			v := c.convert(vn, depth+1)
			if i == 0 {
				m.pos = k.pos
			}
			m.keys = append(m.keys, k)
			m.vals = append(m.vals, v)
		}
		return m
	case yaml.SequenceNode:
		l := &node{kind: listKind, pos: pos, items: make([]*node, 0, len(n.Content))}
		for _, it := range n.Content {
			l.items = append(l.items, c.convert(it, depth+1))
		}
		return l
	case yaml.ScalarNode:
		switch n.Style & (yaml.DoubleQuotedStyle | yaml.SingleQuotedStyle | yaml.LiteralStyle | yaml.FoldedStyle) {
		case 0:
			if n.ShortTag() == "!!null" {
				return &node{kind: nullKind, pos: pos}
			}
			// Numbers, booleans, infinities: the text as written, so an
			// error code like 0x800CCC0E or 550 is not turned into a number.
			return c.scalar(&node{kind: scalarKind, value: n.Value, pos: pos}, n)
		default:
			return c.scalar(&node{kind: scalarKind, value: n.Value, quoted: true, pos: pos}, n)
		}
	}
	return c.fail(n, "unsupported YAML construct")
}

// scalar refuses text holding a character no HTML page may contain (see
// converter.scalar).
func (c *converter3) scalar(v *node, n *yaml.Node) *node {
	if r, ok := unfit(v.value); ok {
		return c.fail(n, unfitMsg, r)
	}
	return v
}
