package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/afero"

	"kbgen/generator/bench"
	"kbgen/generator/build"
	"kbgen/generator/corpus"
)

// plainFlag is the hidden flag of bench that builds a plain Hugo project
// in this process: bench runs each build in its own process, for a clean
// peak RSS.
const plainFlag = "-internal-plain-hugo"

// serveEditFlag is the hidden flag of bench that measures serve's rebuild
// after one article is edited, in this process: bench -internal-serve-edit
// DIR K prints, as JSON, the first build's wall time and the rebuild's
// after each of K edits.
const serveEditFlag = "-internal-serve-edit"

func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 2 && args[0] == plainFlag {
		_, err := bench.BuildPlain(ctx, args[1])
		return err
	}
	if len(args) == 3 && args[0] == serveEditFlag {
		k, err := strconv.Atoi(args[2])
		if err != nil {
			return err
		}
		return serveEdits(ctx, args[1], k, stdout)
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
		ServeArgs:   []string{"bench", serveEditFlag},
		WorkDir:     wd,
		PagefindDir: pf,
		Queries:     *queries,
		Log:         stderr,
		Out:         stdout,
	})
	return err
}

// serveEdits runs serve's rebuild on the project in dir, as serve does
// after a save (session build, diagnostics, snapshot), first for the first
// build and then after each of k edits of an article's quick answer, spread
// over the articles. Each file is put back as it was afterwards.
func serveEdits(ctx context.Context, dir string, k int, stdout io.Writer) error {
	project, err := projectFs(dir)
	if err != nil {
		return err
	}
	s := &server{project: project, url: "http://127.0.0.1:1313/", now: time.Now,
		stdout: io.Discard, stderr: os.Stderr, timings: os.Getenv("KB_TIMINGS") != "",
		subs: make(map[chan struct{}]bool), done: make(chan struct{})}
	s.snap.Store(&snapshot{})
	s.sess = build.NewSession(build.Options{Project: project, BaseURL: s.url})
	defer s.sess.Close()
	var pages int
	rebuild := func(files []string) (time.Duration, error) {
		start := time.Now()
		rep := s.rebuild(ctx, files)
		d := time.Since(start)
		if rep == nil {
			return d, fmt.Errorf("serve's build failed: %s", strings.Join(s.snap.Load().errors, "; "))
		}
		pages = rep.Pages
		return d, nil
	}
	var out struct {
		First time.Duration   `json:"first_ns"`
		Edits []time.Duration `json:"edits_ns"`
		Pages []int           `json:"pages"`
	}
	if out.First, err = rebuild(nil); err != nil {
		return err
	}
	articles := s.sess.Articles()
	for i := range k {
		file := articles[(2*i+1)*len(articles)/(2*k)].File
		orig, err := afero.ReadFile(project, "/"+file)
		if err != nil {
			return err
		}
		edited, ok := editSummary(orig)
		if !ok {
			return fmt.Errorf("%s: no quick answer to edit", file)
		}
		if err := afero.WriteFile(project, "/"+file, edited, 0o666); err != nil {
			return err
		}
		d, err := rebuild([]string{file})
		if werr := afero.WriteFile(project, "/"+file, orig, 0o666); err == nil {
			err = werr
		}
		if err != nil {
			return err
		}
		out.Edits = append(out.Edits, d)
		out.Pages = append(out.Pages, pages)
		if _, err := rebuild([]string{file}); err != nil {
			return err
		}
	}
	return json.NewEncoder(stdout).Encode(out)
}

// editSummary adds a sentence to the end of an article's quick answer, as
// a writer's edit would.
func editSummary(data []byte) ([]byte, bool) {
	lines := strings.SplitAfter(string(data), "\n")
	for i, l := range lines {
		if !strings.HasPrefix(l, "summary:") {
			continue
		}
		v := strings.TrimSpace(strings.TrimPrefix(l, "summary:"))
		switch {
		case v == ">-" || v == ">" || v == "|-" || v == "|":
			if i+1 < len(lines) {
				lines[i+1] = strings.TrimRight(lines[i+1], "\n") + " Edited for the benchmark.\n"
				return []byte(strings.Join(lines, "")), true
			}
		case strings.HasSuffix(v, `"`) && len(v) > 1:
			lines[i] = "summary: " + strings.TrimSuffix(v, `"`) + ` Edited for the benchmark."` + "\n"
			return []byte(strings.Join(lines, "")), true
		case v != "" && !strings.HasPrefix(v, "'"):
			lines[i] = "summary: " + v + " Edited for the benchmark.\n"
			return []byte(strings.Join(lines, "")), true
		}
		return nil, false
	}
	return nil, false
}
