package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"kbgen/generator/bench"
	"kbgen/generator/corpus"
)

func runBenchCorpus(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := newFlags("bench-corpus", "Writes a generated knowledge base of n realistic articles for benchmarks:\n"+
		"DIR/kb/ is a project of YAML articles (with this project's hugo.toml,\n"+
		"layouts/ and static/), DIR/hugo/ the equivalent plain Hugo project: the same\n"+
		"pages as Markdown with front matter. The same n and seed give the same files.\n"+
		"See docs/benchmarks.md.", stderr)
	n := flags.Int("n", 1000, "number of `articles`")
	out := flags.String("o", "", "output `dir`ectory (required); its kb/ and hugo/ are replaced")
	seed := flags.Uint64("seed", corpus.DefaultSeed, "random `seed`")
	dir := flags.String("C", ".", "project `dir`ectory whose hugo.toml, layouts/ and static/ are copied")
	yamlOnly := flags.Bool("yaml", false, "write only the YAML articles, as DIR/content/, nothing else")
	if err := parseFlags(flags, args); err != nil {
		return err
	}
	if *out == "" || *n < 1 {
		return usageError(stderr, "bench-corpus: give an output directory with -o and -n of at least 1")
	}
	if *yamlOnly {
		if err := os.RemoveAll(*out + "/content"); err != nil {
			return err
		}
		if err := corpus.Generate(*n, *seed).Write(*out); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %d articles to %s/content/\n", *n, *out)
		return nil
	}
	if _, err := projectFs(*dir); err != nil {
		return err
	}
	p, err := bench.WriteProject(ctx, *out, *dir, *n, *seed)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d articles: %s (YAML, build with: generator build -C %s), %s (plain Hugo)\n",
		*n, p.KB(), p.KB(), p.Hugo())
	return nil
}
