package kb

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Pos is a position in a source file. Line and Col start at 1; zero means
// unknown, and the position then names the file alone.
type Pos struct {
	File string
	Line int
	Col  int
}

// IsValid reports whether the position names a line.
func (p Pos) IsValid() bool { return p.Line > 0 }

// String formats the position as file:line:col, file:line or file.
func (p Pos) String() string {
	switch {
	case p.Line > 0 && p.Col > 0:
		return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
	case p.Line > 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	default:
		return p.File
	}
}

// Compare orders positions by file, line, then column, as compilers list
// their diagnostics.
func (p Pos) Compare(q Pos) int {
	return cmp.Or(cmp.Compare(p.File, q.File), cmp.Compare(p.Line, q.Line), cmp.Compare(p.Col, q.Col))
}

// An Error is one problem in the content, located like a compiler error:
//
//	content/ios-mail/x.yaml:31:7: fixes[2].solves[0]: no cause "expird-cert"; …
type Error struct {
	Pos   Pos
	Field string // path of the field in the article (fixes[2].steps), or ""
	Msg   string
	// Meant is the field the writer probably meant, when the error says
	// so (an unknown field "sumary": summary): what a check would report of
	// that field (missing) follows from this error, and is left out.
	Meant string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Pos.String())
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// ErrorList collects every problem found, like go/scanner.ErrorList.
// The zero value is an empty list ready to use.
type ErrorList []*Error

// Add appends an error at pos.
func (l *ErrorList) Add(pos Pos, field, msg string) {
	*l = append(*l, &Error{Pos: pos, Field: field, Msg: msg})
}

// Addf appends an error at pos with a formatted message.
func (l *ErrorList) Addf(pos Pos, field, format string, args ...any) {
	l.Add(pos, field, fmt.Sprintf(format, args...))
}

// Sort orders the list by file, line, column, then field and message, and
// drops exact duplicates.
func (l ErrorList) Sort() ErrorList {
	slices.SortStableFunc(l, func(a, b *Error) int {
		return cmp.Or(a.Pos.Compare(b.Pos), cmp.Compare(a.Field, b.Field), cmp.Compare(a.Msg, b.Msg))
	})
	return slices.CompactFunc(l, func(a, b *Error) bool { return *a == *b })
}

// Error prints every error on its own line, as a compiler does.
func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Err returns nil for an empty list, and the list otherwise.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}
