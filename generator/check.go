package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/spf13/afero"

	"kbgen/generator/build"
	"kbgen/generator/kb"
	"kbgen/generator/load"
)

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return check(ctx, args, time.Now, stdout, stderr)
}

func check(ctx context.Context, args []string, now func() time.Time, stdout, stderr io.Writer) error {
	flags := newFlags("check", "Validates every article in content/ and prints every problem as\n"+
		"file:line:column: field: message, and every warning as\n"+
		"file:line:column: field: warning: message. Writes nothing; prints nothing when\n"+
		"all is well. Exit code 0 when there are no errors (warnings allowed), 1 when\n"+
		"there are errors (or warnings, with --strict), 2 for a wrong command line.", stderr)
	dir := flags.String("C", ".", "project `dir`ectory (holding content/)")
	flags.Bool("quiet", false, "no effect, kept for old scripts: check prints nothing when all is well")
	strict := flags.Bool("strict", false, "fail (exit 1) on warnings too")
	format := flags.String("format", "text", "output `format`: text (one line per problem, on stderr) or json (an array on stdout)")
	day := flags.String("today", "", "check review_by dates as of this `day`, YYYY-MM-DD (default today)")
	if err := parseFlags(flags, args); err != nil {
		return err
	}
	if *format != "text" && *format != "json" {
		return usageError(stderr, "check: --format %q: use text or json", *format)
	}
	today := now()
	if *day != "" {
		d, err := time.Parse(time.DateOnly, *day)
		if err != nil {
			return usageError(stderr, "check: --today %q is not a date: write YYYY-MM-DD", *day)
		}
		today = d
	}
	root, err := projectFs(*dir)
	if err != nil {
		return err
	}
	d, err := diagnose(ctx, root, today)
	if err != nil {
		return err
	}
	if *format == "json" {
		data, err := json.MarshalIndent(d.json(), "", "  ")
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s\n", data)
	} else {
		d.print(stderr)
	}
	if len(d.errors) > 0 || *strict && len(d.warnings) > 0 {
		return errReported
	}
	return nil
}

// usageError prints a problem with the command line; it exits 2.
func usageError(stderr io.Writer, format string, args ...any) error {
	fmt.Fprintf(stderr, format+"\n", args...)
	return errors.Join(errUsage, errReported)
}

// A diagnosis is every problem in a project's content: the errors, and the
// warnings about the articles that have no error (a warning about a broken
// article would mostly repeat its errors).
type diagnosis struct {
	articles []*kb.Article // the articles that loaded, with or without errors
	errors   kb.ErrorList
	warnings kb.ErrorList
}

// diagnose loads and checks the articles in content/, as of today.
func diagnose(ctx context.Context, project afero.Fs, today time.Time) (*diagnosis, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	defer build.LoadGC()()
	articles, errs := load.Check(project, "content")
	broken := make(map[string]bool)
	for _, e := range errs {
		broken[e.Pos.File] = true
	}
	var clean []*kb.Article
	for _, a := range articles {
		if !broken[a.File] {
			clean = append(clean, a)
		}
	}
	return &diagnosis{articles: articles, errors: errs, warnings: kb.Warnings(clean, today)}, nil
}

// severity names how bad a diagnostic is, in the output.
type severity string

const (
	severityError   severity = "error"
	severityWarning severity = "warning"
)

// diagnostic is one line of the output.
type diagnostic struct {
	*kb.Error
	severity severity
}

// String formats the diagnostic like a compiler: file:line:col: field: msg,
// with "warning: " before the message of a warning.
func (d diagnostic) String() string {
	if d.severity == severityWarning {
		e := *d.Error
		e.Msg = "warning: " + e.Msg
		return e.Error()
	}
	return d.Error.Error()
}

// all returns the errors and warnings in one list, in file and position
// order; at one position, errors come first.
func (d *diagnosis) all() []diagnostic {
	var out []diagnostic
	for _, e := range d.errors {
		out = append(out, diagnostic{e, severityError})
	}
	for _, e := range d.warnings {
		out = append(out, diagnostic{e, severityWarning})
	}
	slices.SortStableFunc(out, func(a, b diagnostic) int {
		return cmp.Or(a.Pos.Compare(b.Pos), cmp.Compare(a.severity, b.severity), cmp.Compare(a.Field, b.Field), cmp.Compare(a.Msg, b.Msg))
	})
	return out
}

// lines returns every diagnostic as a line of text, and a count.
func (d *diagnosis) lines() []string {
	var out []string
	for _, e := range d.all() {
		out = append(out, e.String())
	}
	if len(out) == 0 {
		return nil
	}
	return append(out, d.summary())
}

// summary is the last of lines, the count ("" when all is well), without
// the rest: serve shows it after every save, and at 10,000 articles
// formatting every warning to count them took longer than Go's share of
// the rebuild.
func (d *diagnosis) summary() string {
	if len(d.errors)+len(d.warnings) == 0 {
		return ""
	}
	files := make(map[string]bool)
	for _, l := range []kb.ErrorList{d.errors, d.warnings} {
		for _, e := range l {
			files[e.Pos.File] = true
		}
	}
	count := plural(len(d.errors), "error")
	switch {
	case len(d.errors) == 0:
		count = plural(len(d.warnings), "warning")
	case len(d.warnings) > 0:
		count += " and " + plural(len(d.warnings), "warning")
	}
	return fmt.Sprintf("%s in %s", count, plural(len(files), "file"))
}

// print writes every diagnostic, then a count; nothing when all is well.
func (d *diagnosis) print(w io.Writer) {
	for _, l := range d.lines() {
		fmt.Fprintln(w, l)
	}
}

// jsonDiagnostic is one element of `check --format json`. The names and
// meanings are stable; see docs/design.md.
type jsonDiagnostic struct {
	File     string   `json:"file"`
	Line     int      `json:"line"`
	Column   int      `json:"column"`
	Field    string   `json:"field"`
	Severity severity `json:"severity"`
	Message  string   `json:"message"`
}

func (d *diagnosis) json() []jsonDiagnostic {
	out := []jsonDiagnostic{}
	for _, e := range d.all() {
		out = append(out, jsonDiagnostic{
			File: e.Pos.File, Line: e.Pos.Line, Column: e.Pos.Col,
			Field: e.Field, Severity: e.severity, Message: e.Msg,
		})
	}
	return out
}
