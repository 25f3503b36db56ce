package main

import (
	"bufio"
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
	"text/template"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/mattn/go-isatty"
	"github.com/spf13/afero"

	"kbgen/generator/kb"
	"kbgen/generator/load"
)

// newArticleTemplate is the scaffold `new` writes, a text/template.
//
//go:embed new-article.tmpl
var newArticleTemplate string

// newEnv is what `new` takes from the process besides its arguments, so
// that tests can supply their own.
type newEnv struct {
	stdin    io.Reader
	terminal bool // stdin is a terminal: missing values are asked for
	now      func() time.Time
}

func runNew(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return newArticle(ctx, args, newEnv{stdin: os.Stdin, terminal: isTerminal(os.Stdin), now: time.Now}, stdout, stderr)
}

// isTerminal reports whether f is a terminal a person types into (not a
// pipe, a file or /dev/null).
func isTerminal(f *os.File) bool {
	return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
}

func newArticle(ctx context.Context, args []string, env newEnv, stdout, stderr io.Writer) error {
	flags := newFlags("new", "Starts a new article: writes content/<product-slug>/<error-slug>.yaml from a\n"+
		"template with a TODO wherever you have to write, and prints the next steps.\n"+
		"Asks for the product and the error message when they are not given as flags\n"+
		"and the input is a terminal. Never overwrites a file.\n\n"+
		"Example:\n  go run ./generator new --product \"iOS Mail\" --error \"Cannot verify server identity\"", stderr)
	dir := flags.String("C", ".", "project `dir`ectory (holding content/)")
	product := flags.String("product", "", "product `name` as readers know it (iOS Mail); its slug is the folder")
	errMsg := flags.String("error", "", "the error `message`, exactly as the reader sees it")
	slug := flags.String("slug", "", "file name without .yaml, when the one made from the message is too long\n(lowercase letters, digits and single hyphens)")
	date := flags.String("date", "", "`day` written as published and updated, YYYY-MM-DD (default today)")
	if err := parseFlags(flags, args); err != nil {
		return err
	}
	usageErr := func(format string, args ...any) error {
		fmt.Fprintf(stderr, "new: "+format+"\n", args...)
		fmt.Fprintln(stderr, "Run 'go run ./generator new --help' for the flags.")
		return errors.Join(errUsage, errReported)
	}

	if *product == "" || *errMsg == "" {
		if !env.terminal {
			return usageErr("--product and --error are required when the input is not a terminal\n" +
				"  for example: go run ./generator new --product \"iOS Mail\" --error \"Cannot verify server identity\"")
		}
		in := bufio.NewReader(env.stdin)
		for _, q := range []struct {
			v            *string
			prompt, hint string
		}{
			{product, "Product", "as readers know it, for example iOS Mail"},
			{errMsg, "Error message", "exactly as the reader sees it"},
		} {
			if *q.v != "" {
				continue
			}
			fmt.Fprintf(stderr, "%s (%s): ", q.prompt, q.hint)
			line, err := readLine(ctx, in)
			if err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				fmt.Fprintln(stderr)
				return usageErr("no %s given", strings.ToLower(q.prompt))
			}
			*q.v = line
		}
	}

	*product, *errMsg = strings.TrimSpace(*product), strings.TrimSpace(*errMsg)
	for _, f := range []struct{ name, v string }{{"--product", *product}, {"--error", *errMsg}} {
		if f.v == "" {
			return usageErr("%s is empty", f.name)
		}
		if msg := oneLineProblem(f.v); msg != "" {
			return usageErr("%s %s", f.name, msg)
		}
	}
	productSlug := kb.Slugify(*product)
	if productSlug == "" {
		return usageErr("--product %q gives an empty folder name: a slug needs letters a-z or digits", *product)
	}
	errorSlug := *slug
	switch {
	case errorSlug != "" && !kb.ValidID(errorSlug):
		return usageErr("--slug %q is not a valid file name: use lowercase letters, digits and single hyphens, at most 80 characters (for example %q)", errorSlug, kb.Slugify(errorSlug))
	case errorSlug == "":
		errorSlug = kb.Slugify(*errMsg)
		if errorSlug == "" {
			return usageErr("--error %q gives an empty file name: choose one with --slug", *errMsg)
		}
	}

	today := env.now()
	if *date != "" {
		d, err := time.Parse(time.DateOnly, *date)
		if err != nil {
			return usageErr("--date %q is not a date: write YYYY-MM-DD", *date)
		}
		today = d
	}

	root, err := projectFs(*dir)
	if err != nil {
		return err
	}
	file := path.Join("content", productSlug, errorSlug+".yaml")
	data, err := scaffold(file, *product, *errMsg, today)
	if err != nil {
		return err
	}
	if err := createFile(root, file, data); err != nil {
		if errors.Is(err, fs.ErrExist) {
			fmt.Fprintf(stderr, "new: %s already exists; it was not changed.\n"+
				"Edit it, or choose another file name with --slug.\n", file)
			return errReported
		}
		return err
	}

	flagC := ""
	if *dir != "." {
		flagC = " -C " + *dir
	}
	fmt.Fprintf(stdout, "wrote %s\n\nNext:\n", file)
	fmt.Fprintf(stdout, "  1. Open it and replace every TODO; docs/writing-articles.md explains each field.\n")
	fmt.Fprintf(stdout, "  2. go run ./generator check%s    # lists what is still to fill in or wrong\n", flagC)
	fmt.Fprintf(stdout, "  3. go run ./generator serve%s    # preview at http://127.0.0.1:1313/%s/%s/\n", flagC, productSlug, errorSlug)
	if *slug == "" && len(errorSlug) > 50 {
		// Rename, not run again with --slug: that would write a second
		// article with the same message, which check rejects.
		fmt.Fprintf(stdout, "The file name is long. To shorten it, rename the file now, before anyone links to it\n"+
			"(the address follows the file name): mv %s %s/<shorter-name>.yaml\n", file, path.Dir(file))
	}
	return nil
}

// readLine reads one line, giving up when ctx is cancelled (Ctrl-C while a
// prompt waits).
func readLine(ctx context.Context, in *bufio.Reader) (string, error) {
	type result struct {
		line string
		err  error
	}
	c := make(chan result, 1)
	go func() {
		line, err := in.ReadString('\n')
		if err == io.EOF && line != "" {
			err = nil
		}
		c <- result{strings.TrimSpace(line), err}
	}()
	select {
	case <-ctx.Done():
		return "", ctx.Err()
	case r := <-c:
		if r.err == nil && r.line == "" {
			r.err = io.EOF
		}
		return r.line, r.err
	}
}

// oneLineProblem says why s cannot be a one-line text field, or "".
func oneLineProblem(s string) string {
	if !utf8.ValidString(s) {
		return "is not valid UTF-8"
	}
	if strings.ContainsFunc(s, unicode.IsControl) {
		return "must be one line of text, without tabs or control characters"
	}
	return ""
}

// scaffold returns the new article's text. The error and the product are
// written plainly when YAML reads them back unchanged, and in double quotes
// otherwise; either way the result is checked by loading it.
func scaffold(file, product, errMsg string, today time.Time) ([]byte, error) {
	tmpl, err := template.New("new-article.tmpl").Parse(newArticleTemplate)
	if err != nil {
		return nil, err
	}
	for _, quote := range []bool{false, true} {
		var b bytes.Buffer
		err := tmpl.Execute(&b, map[string]string{
			"Error":    yamlScalar(errMsg, quote),
			"Product":  yamlScalar(product, quote),
			"Date":     today.Format(time.DateOnly),
			"ReviewBy": today.AddDate(1, 0, 0).Format(time.DateOnly),
		})
		if err != nil {
			return nil, err
		}
		a, errs := load.File(file, b.Bytes())
		if len(errs) == 0 && a != nil && a.Error.Src == errMsg && a.Product.Src == product {
			if errs := kb.Validate([]*kb.Article{a}); len(errs) == 0 {
				return b.Bytes(), nil
			}
		}
	}
	return nil, fmt.Errorf("cannot write %q and %q as YAML that reads back the same; please report this", errMsg, product)
}

// yamlScalar writes s as a YAML scalar: plain when it is plainly text,
// double-quoted otherwise (or when quote is set).
func yamlScalar(s string, quote bool) string {
	if !quote && plainSafe(s) {
		return s
	}
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// plainSafe reports whether s reads back as the same string when written
// as a plain YAML scalar, and as a string rather than a number or boolean
// (so that the editor's schema agrees).
func plainSafe(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsLetter(r) || s != strings.TrimSpace(s) {
		return false
	}
	if strings.Contains(s, ": ") || strings.Contains(s, " #") || strings.HasSuffix(s, ":") {
		return false
	}
	switch strings.ToLower(s) {
	case "y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf":
		return false
	}
	return true
}

// createFile writes a new file, refusing to replace one that exists (the
// check and the creation are one operation, O_EXCL).
func createFile(fsys afero.Fs, name string, data []byte) error {
	if err := fsys.MkdirAll(path.Dir(name), 0o777); err != nil {
		return err
	}
	f, err := fsys.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		fsys.Remove(name)
		return err
	}
	return f.Close()
}
