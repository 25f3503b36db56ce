package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"kbgen/generator/bench"
	"kbgen/generator/corpus"
)

// plainFlag is the hidden flag of bench that builds a plain Hugo project
// in this process: bench runs each build in its own process, for a clean
// peak RSS.
const plainFlag = "-internal-plain-hugo"

func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 2 && args[0] == plainFlag {
		_, err := bench.BuildPlain(ctx, args[1])
		return err
	}
	flags := newFlags("bench", "Generates knowledge bases of each size and measures, several runs each, in\n"+
		"separate processes: build, the same site built by plain Hugo from Markdown,\n"+
		"check, and Pagefind over the built site; and the search index: build time,\n"+
		"bytes on disk, bytes a first query fetches. Prints medians and ratios.\n"+
		"See docs/benchmarks.md.", stderr)
	sizes := flags.String("n", "1000", "comma-separated article `counts`, e.g. 1000,10000")
	runs := flags.Int("runs", 3, "`runs` of each measurement")
	seed := flags.Uint64("seed", corpus.DefaultSeed, "corpus `seed`")
	dir := flags.String("C", ".", "project `dir`ectory (hugo.toml, layouts/, static/ are used)")
	work := flags.String("work", "", "`dir`ectory for the generated projects (default: a temporary one, removed after)")
	pagefind := flags.Bool("pagefind", true, "also measure Pagefind (installed with npm into the user cache)")
	queries := flags.Int("queries", 10, "`articles` whose queries (message, typo, prefix, code) are measured")
	if err := parseFlags(flags, args); err != nil {
		return err
	}
	var ns []int
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return usageError(stderr, "bench: -n %q: give article counts like 1000,10000", *sizes)
		}
		ns = append(ns, n)
	}
	if _, err := projectFs(*dir); err != nil {
		return err
	}
	repo, err := filepath.Abs(*dir)
	if err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	wd := *work
	if wd == "" {
		if wd, err = os.MkdirTemp("", "kbgen-bench-"); err != nil {
			return err
		}
		defer os.RemoveAll(wd)
	}
	pf := ""
	if *pagefind {
		if cache, err := os.UserCacheDir(); err == nil {
			pf = filepath.Join(cache, "kbgen", "pagefind")
		}
	}
	fmt.Fprintf(stdout, "kbgen bench: %s articles, %d runs, seed %d\n", *sizes, *runs, *seed)
	_, err = bench.Run(ctx, bench.Options{
		Sizes:       ns,
		Runs:        *runs,
		Seed:        *seed,
		Repo:        repo,
		Self:        self,
		PlainArgs:   []string{"bench", plainFlag},
		WorkDir:     wd,
		PagefindDir: pf,
		Queries:     *queries,
		Log:         stderr,
		Out:         stdout,
	})
	return err
}
