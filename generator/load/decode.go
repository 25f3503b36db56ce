package load

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"kbgen/generator/kb"
)

// decoder turns a node tree into an Article, collecting every structural
// problem (unknown keys, wrong types, bad dates) instead of stopping at the
// first. What the values mean is checked afterwards by kb.Validate.
type decoder struct {
	errs  kb.ErrorList
	notes kb.ErrorList // warnings: allowed, but probably not what the writer meant
	// src is the file; starts are where its lines start, found when
	// first needed, and a line is copied only when read. comments: a
	// comment may follow a value on its line (the file holds " #" or a
	// tab and "#").
	src      []byte
	starts   []int
	comments bool
}

// lines returns the number of lines of the file.
func (d *decoder) lines() int {
	if d.starts == nil {
		d.starts = append(d.starts, 0)
		for i, b := range d.src {
			if b == '\n' {
				d.starts = append(d.starts, i+1)
			}
		}
	}
	return len(d.starts)
}

// line returns line i of the file (from 0), without its "\n".
func (d *decoder) line(i int) string {
	end := len(d.src)
	if i+1 < d.lines() {
		end = d.starts[i+1] - 1
	}
	return string(d.src[d.starts[i]:end])
}

func (d *decoder) errorf(n *node, field, format string, args ...any) {
	d.errs.Addf(n.pos, field, format, args...)
}

// field is one key a mapping accepts.
type field struct {
	name   string
	decode func(n *node, path string)
}

// fields decodes mapping n: each key goes to its field's decoder; unknown
// and repeated keys are errors, with a suggestion for typos.
func (d *decoder) fields(n *node, path string, what string, fs ...field) bool {
	if n.kind != mapKind {
		d.errorf(n, path, "must be %s, not %s", what, n.describe())
		return false
	}
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.name
	}
	seen := make(map[string]*node)
	for i, k := range n.keys {
		key := k.value
		if prev, ok := seen[key]; ok {
			d.errorf(k, join(path, key), "repeated key (first at line %d); keep one", prev.pos.Line)
			continue
		}
		seen[key] = k
		j := slices.Index(names, key)
		if j < 0 {
			e := &kb.Error{Pos: k.pos, Field: join(path, key), Msg: fmt.Sprintf("unknown field %q", key)}
			if s := cmp.Or(kb.Closest(strings.ToLower(key), names), pluralOf(strings.ToLower(key), names)); s != "" {
				e.Msg += fmt.Sprintf(" (did you mean %q?)", s)
				// Its errors follow from this one only when it is not
				// written too ("fix: old notes" beside a real "fixes:").
				if !slices.ContainsFunc(n.keys, func(k *node) bool { return k.value == s }) {
					e.Meant = join(path, s)
				}
			} else {
				e.Msg += "; known fields are: " + strings.Join(names, ", ")
			}
			d.errs = append(d.errs, e)
			continue
		}
		fs[j].decode(n.vals[i], join(path, key))
	}
	return true
}

// pluralOf returns the one field named by key and a plural ending ("fix":
// fixes, "step": steps), too short a word for Closest to call it a typo.
func pluralOf(key string, names []string) string {
	var found string
	for _, n := range names {
		if rest, ok := strings.CutPrefix(n, key); ok && (rest == "s" || rest == "es") {
			if found != "" {
				return ""
			}
			found = n
		}
	}
	return found
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// text decodes a scalar into a Text. A missing value (key:) gives an empty
// Text with a position, which validation reports as "must not be empty".
func (d *decoder) text(dst *kb.Text) func(*node, string) {
	scalar := d.scalar(dst)
	return func(n *node, path string) {
		scalar(n, path)
		if n.kind == scalarKind && !n.quoted && len(d.src) > 0 {
			if d.comments {
				d.commentAfter(n, path)
			}
			if strings.Contains(n.value, " - ") || strings.Contains(n.value, "\n- ") || strings.HasSuffix(n.value, " -") || strings.HasSuffix(n.value, "\n-") {
				d.dashInText(n, path)
			}
		}
	}
}

// scalar decodes a scalar as text is, for values that are not prose (an
// id, a date), whose comments are the writer's.
func (d *decoder) scalar(dst *kb.Text) func(*node, string) {
	return func(n *node, path string) {
		switch n.kind {
		case scalarKind:
			*dst = kb.Text{Src: strings.TrimSpace(n.value), Pos: n.pos}
		case nullKind:
			*dst = kb.Text{Pos: n.pos}
		default:
			hint := ""
			if n.kind == mapKind && len(n.keys) == 1 {
				hint = fmt.Sprintf(`; if the text contains ": ", put it in quotes`)
			}
			d.errorf(n, path, "must be text, not %s%s", n.describe(), hint)
			*dst = kb.Text{Src: "?", Pos: n.pos} // present, so no "required" follows
		}
	}
}

// valueAt returns the line a scalar starts on and the byte offset of its
// first character (positions count characters); false when the position
// is not in the file.
func (d *decoder) valueAt(n *node) (line string, off int, ok bool) {
	if n.pos.Line < 1 || n.pos.Line > d.lines() || n.pos.Col < 1 {
		return "", 0, false
	}
	line = d.line(n.pos.Line - 1)
	for col := 1; col < n.pos.Col && off < len(line); col++ {
		_, size := utf8.DecodeRuneInString(line[off:])
		off += size
	}
	return line, off, true
}

// commentAfter notes a comment that ends plain text on its line: YAML
// reads " #" as the start of a comment, so "Use channel #general." is
// published as "Use channel", and the writer is not told.
func (d *decoder) commentAfter(n *node, path string) {
	line, off, ok := d.valueAt(n)
	if !ok {
		return
	}
	if !strings.HasPrefix(line[off:], n.value) {
		return // text over several lines: its last line is not this one
	}
	rest := line[off+len(n.value):]
	after := strings.TrimLeft(rest, " \t")
	if len(after) == len(rest) || !strings.HasPrefix(after, "#") || strings.TrimSpace(after[1:]) == "" {
		return
	}
	at := n.pos
	at.Col += utf8.RuneCountInString(n.value) + len(rest) - len(after)
	d.notes.Addf(at, path, "the text after \" #\" is read as a YAML comment and is not shown: to keep it, put the whole text in quotes")
}

// dashInText notes plain text over several lines, one of which starts
// with "- ": an item indented further than the one above it, or a list
// written inside plain text. YAML reads that line as more words of the
// text, so two steps are published as one ("Open Settings. - Tap Mail"),
// and the writer is not told.
func (d *decoder) dashInText(n *node, path string) {
	line, off, ok := d.valueAt(n)
	if !ok {
		return
	}
	first := strings.TrimSpace(strings.TrimSuffix(line[off:], "\r"))
	rest, ok := strings.CutPrefix(n.value, first)
	if !ok || rest == "" {
		return // on one line: a dash inside it is the writer's
	}
	// The lines below it, folded into the text: each one's words follow
	// a space, or line breaks for blank lines.
	for i := n.pos.Line; i < d.lines() && rest != ""; i++ {
		l := d.line(i)
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		rest = strings.TrimLeft(rest, " \n")
		if rest, ok = strings.CutPrefix(rest, t); !ok {
			return
		}
		if t == "-" || strings.HasPrefix(t, "- ") {
			dash := strings.Index(l, "-")
			at := kb.Pos{File: n.pos.File, Line: i + 1, Col: utf8.RuneCountInString(l[:dash]) + 1}
			d.notes.Addf(at, path, "this line starts with \"- \" but is read as more words of the text above it, not as a new item: "+
				"line its \"-\" up with the \"-\" of the item above; for a list inside the text, write the text as a block (|)")
			return
		}
	}
}

// list decodes a list, calling item for each element with its path.
func (d *decoder) list(n *node, path, of string, item func(n *node, path string)) {
	switch n.kind {
	case listKind:
		for i, it := range n.items {
			item(it, fmt.Sprintf("%s[%d]", path, i))
		}
	case nullKind:
		// "causes:" with nothing after it: an empty list.
	default:
		d.errorf(n, path, "must be a list of %s, one per line starting with \"- \", not %s", of, n.describe())
	}
}

func (d *decoder) texts(dst *[]kb.Text) func(*node, string) {
	return func(n *node, path string) {
		d.list(n, path, "texts", func(it *node, p string) {
			var t kb.Text
			d.text(&t)(it, p)
			*dst = append(*dst, t)
		})
	}
}

// steps decodes a fix's steps: each a text, or an id and a text
// (- id: tap-trust / text: Tap **Trust**.), whose id is the step's anchor.
// A mapping with other keys is a text with ": " in it, and reported so.
func (d *decoder) steps(f *kb.Fix) func(*node, string) {
	return func(n *node, path string) {
		var ids []kb.ID
		named := false
		d.list(n, path, "texts", func(it *node, p string) {
			var t kb.Text
			var id kb.ID
			if it.kind == mapKind && len(it.keys) > 0 &&
				!slices.ContainsFunc(it.keys, func(k *node) bool { return k.value != "text" && k.value != "id" }) {
				d.fields(it, p, "a step with id and text", field{"id", d.id(&id)}, field{"text", d.text(&t)})
				if !t.Pos.IsValid() {
					d.errorf(it, p+".text", "required: the step's text, after its id (text: …)")
					t = kb.Text{Src: "?", Pos: it.pos} // reported: no "must not be empty" too
				}
				named = named || id.Pos.IsValid()
			} else {
				d.text(&t)(it, p)
			}
			f.Steps = append(f.Steps, t)
			ids = append(ids, id)
		})
		if named {
			f.StepIDs = ids
		}
	}
}

func (d *decoder) id(dst *kb.ID) func(*node, string) {
	return func(n *node, path string) {
		var t kb.Text
		d.scalar(&t)(n, path)
		*dst = kb.ID{Value: t.Src, Pos: t.Pos}
	}
}

func (d *decoder) ids(dst *[]kb.ID) func(*node, string) {
	return func(n *node, path string) {
		d.list(n, path, "ids", func(it *node, p string) {
			var id kb.ID
			d.id(&id)(it, p)
			*dst = append(*dst, id)
		})
	}
}

func (d *decoder) date(dst *kb.Date) func(*node, string) {
	return func(n *node, path string) {
		var t kb.Text
		d.scalar(&t)(n, path)
		*dst = kb.Date{Pos: t.Pos}
		if t.Src == "" || t.Src == "?" {
			return
		}
		v, err := time.Parse(time.DateOnly, t.Src)
		if err != nil {
			d.errorf(n, path, "%q is not a date: write YYYY-MM-DD, for example %s", t.Src, "2026-11-28")
			return
		}
		dst.Time = v
	}
}

func (d *decoder) level(dst *kb.Level) func(*node, string) {
	return func(n *node, path string) {
		var t kb.Text
		d.scalar(&t)(n, path)
		switch l := kb.Level(t.Src); l {
		case kb.Basic, kb.Advanced, "":
			*dst = l
		case "?":
		default:
			msg := fmt.Sprintf("%q is not a level: use basic or advanced", t.Src)
			if s := kb.Closest(strings.ToLower(t.Src), []string{"basic", "advanced"}); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			d.errs.Add(n.pos, path, msg)
		}
	}
}

func (d *decoder) article(n *node, a *kb.Article) {
	a.Pos = n.pos
	d.fields(n, "", "a mapping of fields (error: …, product: …)",
		field{"title", d.text(&a.Title)},
		field{"error", d.text(&a.Error)},
		field{"codes", d.texts(&a.Codes)},
		field{"product", d.text(&a.Product)},
		field{"platforms", d.texts(&a.Platforms)},
		field{"tags", d.texts(&a.Tags)},
		field{"published", d.date(&a.Published)},
		field{"updated", d.date(&a.Updated)},
		field{"review_by", d.date(&a.ReviewBy)},
		field{"summary", d.text(&a.Summary)},
		field{"aliases", d.texts(&a.Aliases)},
		field{"applies_to", d.texts(&a.AppliesTo)},
		field{"causes", func(n *node, path string) {
			a.CausesPos = n.pos
			d.list(n, path, "causes (id: …, text: …)", func(it *node, p string) {
				c := kb.Cause{Pos: it.pos}
				d.fields(it, p, "a cause with id and text",
					field{"id", d.id(&c.ID)},
					field{"text", d.text(&c.Text)},
				)
				a.Causes = append(a.Causes, c)
			})
		}},
		field{"fixes", func(n *node, path string) {
			a.FixesPos = n.pos
			d.list(n, path, "fixes (id: …, title: …, steps: …)", func(it *node, p string) {
				f := kb.Fix{Pos: it.pos}
				d.fields(it, p, "a fix with id, title and steps",
					field{"id", d.id(&f.ID)},
					field{"title", d.text(&f.Title)},
					field{"note", d.text(&f.Note)},
					field{"level", d.level(&f.Level)},
					field{"solves", d.ids(&f.Solves)},
					field{"warning", d.text(&f.Warning)},
					field{"steps", d.steps(&f)},
					field{"applies_to", d.texts(&f.AppliesTo)},
				)
				if f.Level == "" {
					f.Level = kb.Basic
				}
				a.Fixes = append(a.Fixes, f)
			})
		}},
		field{"faq", func(n *node, path string) {
			d.list(n, path, "questions (q: …, a: …)", func(it *node, p string) {
				q := kb.QA{Pos: it.pos}
				d.fields(it, p, "a question with q and a",
					field{"id", d.id(&q.ID)},
					field{"q", d.text(&q.Q)},
					field{"a", d.text(&q.A)},
				)
				a.FAQ = append(a.FAQ, q)
			})
		}},
	)
}
