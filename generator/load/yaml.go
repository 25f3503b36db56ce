package load

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"

	"kbgen/generator/kb"
)

// A node is a YAML value reduced to what an article needs: scalars, lists
// and mappings, each with its position. Anchors and aliases are resolved,
// tags and comments are dropped, so the decoder sees one uniform tree.
type node struct {
	kind   kind
	value  string // scalars: the text as written (0x800CCC0E stays as is)
	quoted bool   // scalars: written in quotes or as a block scalar
	pos    kb.Pos
	items  []*node // lists
	keys   []*node // mappings, in source order
	vals   []*node
	size   int // values in the tree with aliases expanded, this one included
}

type kind int

const (
	scalarKind kind = iota
	nullKind
	listKind
	mapKind
)

func (k kind) String() string {
	switch k {
	case nullKind:
		return "nothing"
	case listKind:
		return "a list"
	case mapKind:
		return "a mapping (key: value)"
	}
	return "text"
}

// maxDepth bounds nesting: an article is never deeper than five levels, and
// a hostile file must not exhaust the stack.
const maxDepth = 32

// maxExpanded bounds the values a file stands for once its aliases are
// expanded. Sharing keeps the tree small, but the decoder visits a shared
// node once per use: [&f {steps: &s [x, …]}, *f, *f, …] is quadratic in the
// file's size. A real article has a few hundred values.
const maxExpanded = 100_000

// parseGoccy reads one YAML document with goccy/go-yaml, the parser Hugo
// uses: slower than yaml.v3 but its syntax errors carry a line and column
// and say more. parse calls it only for a file yaml.v3 refused.
func parseGoccy(file string, data []byte) (*node, *kb.Error) {
	// YAML reads \r\n and a lone \r as one line break, as \n; goccy counts
	// the \r\n after a comment as two lines, and a syntax error after it
	// then points below the file's end (FuzzLoad). Line breaks in text
	// come out as \n either way, so it is given \n alone.
	if bytes.IndexByte(data, '\r') >= 0 {
		data = bytes.ReplaceAll(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")), []byte("\r"), []byte("\n"))
	}
	f, err := parser.ParseBytes(data, 0)
	if err != nil {
		return nil, syntaxError(file, data, err)
	}
	var docs []*ast.DocumentNode
	for _, d := range f.Docs {
		if d != nil && d.Body != nil {
			docs = append(docs, d)
		}
	}
	switch len(docs) {
	case 0:
		return nil, &kb.Error{Pos: kb.Pos{File: file, Line: 1, Col: 1}, Msg: "empty file: an article needs at least error, product, updated, summary, causes and fixes (see docs/writing-articles.md)"}
	case 1:
	default:
		return nil, &kb.Error{Pos: position(file, docs[1].GetToken()), Msg: "a second YAML document (---): write one article per file"}
	}
	c := converter{file: file, anchors: make(map[string]*node)}
	n := c.convert(docs[0].Body, 0)
	if c.err != nil {
		return nil, c.err
	}
	return n, nil
}

// syntaxError reports goccy's syntax error at its token: with advice from
// the line there (syntaxAdvice) when it is a mistake writers make, with
// the parser's message otherwise.
func syntaxError(file string, data []byte, err error) *kb.Error {
	var located interface {
		GetToken() *token.Token
		GetMessage() string
	}
	if errors.As(err, &located) && located.GetToken() != nil {
		pos := position(file, located.GetToken())
		if advice, ok := syntaxAdvice(data, pos.Line, pos.Col); ok {
			return &kb.Error{Pos: pos, Msg: "YAML syntax: " + advice}
		}
		return &kb.Error{Pos: pos, Msg: "YAML syntax: " + explain(located.GetMessage())}
	}
	return &kb.Error{Pos: kb.Pos{File: file}, Msg: "YAML syntax: " + err.Error()}
}

func position(file string, tk *token.Token) kb.Pos {
	if tk == nil || tk.Position == nil {
		return kb.Pos{File: file}
	}
	return kb.Pos{File: file, Line: tk.Position.Line, Col: tk.Position.Column}
}

type converter struct {
	file     string
	anchors  map[string]*node
	err      *kb.Error
	expanded int // values so far, each alias counted as the values it stands for
}

func (c *converter) fail(tk *token.Token, format string, args ...any) *node {
	if c.err == nil {
		c.err = &kb.Error{Pos: position(c.file, tk), Msg: fmt.Sprintf(format, args...)}
	}
	return &node{kind: nullKind, pos: position(c.file, tk)}
}

func (c *converter) convert(n ast.Node, depth int) *node {
	v := c.convertNode(n, depth)
	if v.sizeNew() {
		c.expanded++
	}
	return v
}

// sizeNew sets the size of a node just made from its children's, and
// reports whether it was new (an alias's node is already sized).
func (v *node) sizeNew() bool {
	if v.size != 0 {
		return false
	}
	v.size = 1
	for _, l := range [][]*node{v.items, v.keys, v.vals} {
		for _, it := range l {
			v.size += it.size
		}
	}
	return true
}

func (c *converter) convertNode(n ast.Node, depth int) *node {
	if c.err != nil {
		return &node{kind: nullKind}
	}
	if depth > maxDepth {
		return c.fail(n.GetToken(), "nested more than %d levels deep", maxDepth)
	}
	pos := position(c.file, n.GetToken())
	switch n := n.(type) {
	case *ast.TagNode:
		return c.convert(n.Value, depth+1)
	case *ast.AnchorNode:
		v := c.convert(n.Value, depth+1)
		c.anchors[n.Name.String()] = v
		return v
	case *ast.AliasNode:
		name := n.Value.String()
		v, ok := c.anchors[name]
		if !ok {
			return c.fail(n.GetToken(), "alias *%s names no anchor defined before it", name)
		}
		if c.expanded += v.size; c.expanded > maxExpanded {
			return c.fail(n.GetToken(), "aliases expand to more than %d values: write the text out instead of repeating *%s", maxExpanded, name)
		}
		// Shared, not copied: a "billion laughs" file stays small in memory,
		// and the decoder never walks deeper than an article's shape.
		return v
	case *ast.MappingNode:
		m := &node{kind: mapKind, pos: pos}
		for _, mv := range n.Values {
			c.entry(m, mv, depth)
		}
		if len(n.Values) > 0 {
			m.pos = position(c.file, n.Values[0].Key.GetToken())
		}
		return m
	case *ast.MappingValueNode:
		m := &node{kind: mapKind, pos: position(c.file, n.Key.GetToken())}
		c.entry(m, n, depth)
		return m
	case *ast.SequenceNode:
		l := &node{kind: listKind, pos: pos}
		for _, v := range n.Values {
			l.items = append(l.items, c.convert(v, depth+1))
		}
		return l
	case *ast.NullNode:
		return &node{kind: nullKind, pos: pos}
	case *ast.LiteralNode:
		return c.scalar(&node{kind: scalarKind, value: n.Value.Value, quoted: true, pos: pos}, n.GetToken())
	case *ast.StringNode:
		tk := n.GetToken()
		quoted := tk != nil && (tk.Type == token.SingleQuoteType || tk.Type == token.DoubleQuoteType)
		return c.scalar(&node{kind: scalarKind, value: n.Value, quoted: quoted, pos: pos}, tk)
	case *ast.MergeKeyNode:
		return c.fail(n.GetToken(), "merge keys (<<) are not supported: write the fields out")
	case ast.ScalarNode:
		// Numbers, booleans, infinities: keep the text as written, so an
		// error code like 0x800CCC0E or 550 is not turned into a number.
		return c.scalar(&node{kind: scalarKind, value: n.GetToken().Value, pos: pos}, n.GetToken())
	}
	return c.fail(n.GetToken(), "unsupported YAML construct (%s)", n.Type())
}

// scalar refuses text holding a character no HTML page may contain (a
// control character or a noncharacter), as a double-quoted escape ("\x01")
// can write; the page would not be valid HTML.
func (c *converter) scalar(n *node, tk *token.Token) *node {
	if r, ok := unfit(n.value); ok {
		return c.fail(tk, unfitMsg, r)
	}
	return n
}

const unfitMsg = "text contains %U, a control character or noncharacter that a web page cannot hold: remove it"

// unfit returns the first character of s that no HTML page may contain.
func unfit(s string) (rune, bool) {
	for _, r := range s {
		if unfitRune(r) {
			return r, true
		}
	}
	return 0, false
}

// unfitRune reports a character no HTML page may contain: a control
// character other than tab and line breaks, or a noncharacter.
func unfitRune(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r >= 0x7f && r <= 0x9f ||
		r >= 0xfdd0 && r <= 0xfdef || r&0xfffe == 0xfffe
}

func (c *converter) entry(m *node, mv *ast.MappingValueNode, depth int) {
	k := c.convert(mv.Key, depth+1)
	if k.kind != scalarKind {
		c.fail(mv.Key.GetToken(), "a key must be a plain word, not %s", k.kind)
		return
	}
	v := &node{kind: nullKind, pos: position(c.file, mv.Start)}
	if mv.Value != nil {
		v = c.convert(mv.Value, depth+1)
	}
	m.keys = append(m.keys, k)
	m.vals = append(m.vals, v)
}

// describe names what a node holds, for "must be text, not a list" messages.
func (n *node) describe() string {
	if n.kind == scalarKind && strings.TrimSpace(n.value) == "" {
		return "empty text"
	}
	return n.kind.String()
}

var duplicateKey = regexp.MustCompile(`^mapping key "(.*)" already defined at \[(\d+):\d+\]$`)

// explain rewords the parser's messages that writers meet most, with what
// to do about them.
func explain(msg string) string {
	if m := duplicateKey.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("repeated key %q (first at line %s); keep one", m[1], m[2])
	}
	switch msg {
	case "mapping value is not allowed in this context":
		return msg + ": check the indentation of this line and the next, and put text that contains \": \" in quotes"
	case "could not find end character of double-quoted text", "could not find end character of single-quoted text":
		return msg + ": close the quote on the same line, or use a block (>-) for long text"
	}
	return msg
}
