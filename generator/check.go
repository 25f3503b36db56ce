package main

import (
	"context"
	"fmt"
	"io"

	"kbgen/generator/build"
)

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check", "Validates every article in content/ and prints every problem as\n"+
		"file:line:column: field: message. Writes nothing. Exit code 1 when there are errors.", stderr)
	dir := fs.String("C", ".", "project `dir`ectory (holding content/)")
	quiet := fs.Bool("quiet", false, "print nothing when all is well")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	root, err := projectFs(*dir)
	if err != nil {
		return err
	}
	articles, err := build.Check(ctx, build.Options{Project: root})
	if err != nil {
		return reportErrors(stderr, err, "")
	}
	if !*quiet {
		fmt.Fprintf(stdout, "checked %s: no problems\n", plural(len(articles), "article"))
	}
	return nil
}
