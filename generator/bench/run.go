package bench

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"kbgen/generator/build"
	"kbgen/generator/corpus"
	"kbgen/generator/load"
	"kbgen/generator/markdown"
	"kbgen/generator/search"
)

//go:embed firstquery.mjs
var firstQueryJS []byte

// Options configure a benchmark run.
type Options struct {
	Sizes []int  // article counts
	Runs  int    // runs of each measurement
	Seed  uint64 // corpus seed
	Repo  string // the repository: hugo.toml, layouts/, static/
	// Self is the generator's executable. Builds run in a separate process
	// each, for a clean peak RSS: Self build, Self check, and for the plain
	// Hugo site Self PlainArgs… <dir>.
	Self      string
	PlainArgs []string
	// ServeArgs… <dir> <k> runs serve's first build and its rebuild after
	// each of k edits of one article, and prints them as JSON.
	ServeArgs []string
	WorkDir   string // where the projects are written (a temporary folder)
	// PagefindDir is where pagefind is installed with npm; "" skips it.
	PagefindDir string
	Queries     int       // articles whose queries are measured, per kind
	Log         io.Writer // progress
	Out         io.Writer // the results
}

// Sample is one measured process.
type Sample struct {
	Wall, CPU time.Duration
	RSS       int64 // peak resident set, bytes
}

// Stat is the medians of a measurement.
type Stat struct {
	Sample
	Runs  int
	Files int
	Bytes int64
}

// Result is everything measured at one size.
type Result struct {
	N                         int
	Build, Plain, Check, Find Stat
	IndexBuild                Stat // search.Build in-process; RSS is bytes allocated
	IndexBytes, IndexGzip     int64
	IndexFiles                int
	PagefindBytes             int64
	PagefindFiles             int
	PagefindError             string
	OnlyOurs, OnlyPlain, Diff []string
	Queries                   *queryReport
	Serve                     *ServeResult
}

// ServeResult is serve's rebuild after one article is saved.
type ServeResult struct {
	First time.Duration   `json:"first_ns"` // serve's first (full) build
	Edits []time.Duration `json:"edits_ns"` // rebuild after each edit
	Pages []int           `json:"pages"`    // pages each rebuild re-rendered
}

// Edit is the median rebuild after an edit.
func (s *ServeResult) Edit() time.Duration {
	e := slices.Clone(s.Edits)
	slices.Sort(e)
	return e[len(e)/2]
}

// Run runs the benchmark and prints the results.
func Run(ctx context.Context, o Options) ([]*Result, error) {
	if o.Runs < 1 {
		o.Runs = 1
	}
	var pagefind string
	if o.PagefindDir != "" {
		var err error
		pagefind, err = installPagefind(o.PagefindDir, o.Log)
		if err != nil {
			fmt.Fprintf(o.Log, "Pagefind skipped: %v\n", err)
		}
	}
	bin := &trash{dir: filepath.Join(o.WorkDir, ".trash")}
	defer bin.empty()
	var results []*Result
	for _, n := range o.Sizes {
		r, err := runSize(ctx, o, n, pagefind, bin)
		if err != nil {
			return results, fmt.Errorf("%d articles: %w", n, err)
		}
		results = append(results, r)
		Print(o.Out, r)
	}
	if len(results) > 1 {
		PrintGrowth(o.Out, results)
	}
	return results, nil
}

func runSize(ctx context.Context, o Options, n int, pagefind string, bin *trash) (*Result, error) {
	dir := filepath.Join(o.WorkDir, fmt.Sprintf("n%d", n))
	fmt.Fprintf(o.Log, "%d articles: writing the corpus and the plain Hugo project in %s\n", n, dir)
	start := time.Now()
	if err := bin.put(dir); err != nil { // a project left by -work
		return nil, err
	}
	p, err := WriteProject(ctx, dir, o.Repo, n, o.Seed)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(o.Log, "  written in %s\n", time.Since(start).Round(time.Millisecond))

	r := &Result{N: n}
	var builds, plain, check, find []Sample
	ourPublic := filepath.Join(p.KB(), "public")
	plainPublic := filepath.Join(p.Hugo(), "public")
	pfOut := filepath.Join(dir, "pagefind")
	for i := range o.Runs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		// Interleaved, so that a slow moment of the machine hits all alike.
		if err := bin.put(ourPublic); err != nil {
			return nil, err
		}
		s, err := measure(ctx, o.Self, "build", "-C", p.KB(), "-quiet")
		if err != nil {
			return nil, fmt.Errorf("build: %w", err)
		}
		builds = append(builds, s)
		if err := bin.put(plainPublic); err != nil {
			return nil, err
		}
		s, err = measure(ctx, o.Self, append(slices.Clone(o.PlainArgs), p.Hugo())...)
		if err != nil {
			return nil, fmt.Errorf("plain Hugo build: %w", err)
		}
		plain = append(plain, s)
		s, err = measure(ctx, o.Self, "check", "-C", p.KB())
		if err != nil {
			return nil, fmt.Errorf("check: %w", err)
		}
		check = append(check, s)
		if pagefind != "" && r.PagefindError == "" {
			if err := bin.put(pfOut); err != nil {
				return nil, err
			}
			s, err = measure(ctx, pagefind, "--site", ourPublic, "--output-path", pfOut)
			if err != nil {
				r.PagefindError = err.Error()
			} else {
				find = append(find, s)
			}
		}
		fmt.Fprintf(o.Log, "  run %d/%d: build %s, plain Hugo %s, check %s%s\n", i+1, o.Runs,
			builds[i].Wall.Round(time.Millisecond), plain[i].Wall.Round(time.Millisecond), check[i].Wall.Round(time.Millisecond),
			func() string {
				if len(find) > i {
					return ", pagefind " + find[i].Wall.Round(time.Millisecond).String()
				}
				return ""
			}())
	}
	r.Build, r.Plain, r.Check, r.Find = median(builds), median(plain), median(check), median(find)
	for _, x := range []struct {
		st  *Stat
		dir string
	}{{&r.Build, ourPublic}, {&r.Plain, plainPublic}} {
		t, err := walkTree(x.dir, false)
		if err != nil {
			return nil, err
		}
		x.st.Files, x.st.Bytes = t.Files, t.Bytes
	}
	if r.OnlyOurs, r.OnlyPlain, r.Diff, err = Compare(ourPublic, plainPublic); err != nil {
		return nil, err
	}

	// serve: one process, its first build, then an edit at a time.
	if len(o.ServeArgs) > 0 {
		// serve builds in memory; the disk is not its to fill.
		if err := bin.put(ourPublic); err != nil {
			return nil, err
		}
		r.Serve, err = serveEdits(ctx, o, p.KB(), 5)
		if err != nil {
			return nil, fmt.Errorf("serve: %w", err)
		}
		fmt.Fprintf(o.Log, "  serve: first build %s, after one edit %s (median of %d)\n",
			r.Serve.First.Round(time.Millisecond), r.Serve.Edit().Round(time.Millisecond), len(r.Serve.Edits))
		if _, err := measure(ctx, o.Self, "build", "-C", p.KB(), "-quiet"); err != nil { // public/ back for what follows
			return nil, err
		}
	}

	// The index: search.Build alone, in this process, over the loaded articles.
	articles, errs := load.Check(osFs(p.KB()), "content")
	if err := errs.Err(); err != nil {
		return nil, err
	}
	var idx []Sample
	for range o.Runs {
		runtime.GC()
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		c0 := selfCPU()
		t0 := time.Now()
		index, err := search.Build(articles, markdown.New(), nil)
		wall := time.Since(t0)
		c1 := selfCPU()
		runtime.ReadMemStats(&m1)
		if err != nil {
			return nil, err
		}
		idx = append(idx, Sample{Wall: wall, CPU: c1 - c0, RSS: int64(m1.TotalAlloc - m0.TotalAlloc)})
		_ = index
	}
	r.IndexBuild = median(idx)
	if t, err := gzipTree(filepath.Join(ourPublic, build.SearchDir)); err == nil {
		r.IndexFiles, r.IndexBytes, r.IndexGzip = t.Files, t.Bytes, t.gzip
		// and the manifest, beside the folder
		if m, err := os.ReadFile(filepath.Join(ourPublic, filepath.FromSlash(build.SearchManifest))); err == nil {
			r.IndexFiles, r.IndexBytes, r.IndexGzip = r.IndexFiles+1, r.IndexBytes+int64(len(m)), r.IndexGzip+gzipSize(m)
		}
	}
	if len(find) > 0 {
		t, err := walkTree(pfOut, false)
		if err == nil {
			r.PagefindFiles, r.PagefindBytes = t.Files, t.Bytes
		}
	}

	// First queries, under node.
	qs := Queries(p.Corpus, o.Queries)
	pf := ""
	if len(find) > 0 {
		pf = pfOut
	}
	rep, err := firstQueries(ctx, o, dir, ourPublic, pf, qs)
	if err != nil {
		fmt.Fprintf(o.Log, "  first-query measurement skipped: %v\n", err)
	} else {
		r.Queries = rep
		if rep.PagefindError != "" {
			r.PagefindError = rep.PagefindError
		}
	}
	return r, nil
}

// measure runs a command and returns what it cost. The peak RSS comes
// from /usr/bin/time when it is installed: Go starts children with vfork,
// and Linux then counts the parent's resident set (this benchmark's, which
// holds a corpus) in the child's ru_maxrss; time(1) is a small C program
// that forks normally, so its child's peak is its own.
func measure(ctx context.Context, name string, args ...string) (Sample, error) {
	rssFile := ""
	argv := append([]string{name}, args...)
	if _, err := os.Stat(timeCmd); err == nil {
		f, err := os.CreateTemp("", "kbgen-rss-")
		if err != nil {
			return Sample{}, err
		}
		f.Close()
		rssFile = f.Name()
		defer os.Remove(rssFile)
		argv = append([]string{timeCmd, "-f", "%M", "-o", rssFile}, argv...)
	}
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	// Netlify's variables would change the build's base URL.
	cmd.Env = slices.DeleteFunc(os.Environ(), func(kv string) bool {
		k, _, _ := strings.Cut(kv, "=")
		return k == "CONTEXT" || k == "URL" || k == "DEPLOY_PRIME_URL"
	})
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return Sample{}, fmt.Errorf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, tail(out.String(), 2000))
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return Sample{Wall: wall}, nil
	}
	// With time(1) in between, these are the child's: wait4 counts a
	// process's waited-for children in its own usage.
	s := Sample{Wall: wall, CPU: time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), RSS: ru.Maxrss}
	if runtime.GOOS != "darwin" {
		s.RSS *= 1024 // kilobytes on Linux
	}
	if rssFile != "" {
		data, err := os.ReadFile(rssFile)
		if err != nil {
			return Sample{}, err
		}
		lines := strings.Fields(string(data))
		if len(lines) == 0 {
			return Sample{}, fmt.Errorf("time(1) wrote no peak RSS")
		}
		kb, err := strconv.ParseInt(lines[len(lines)-1], 10, 64)
		if err != nil {
			return Sample{}, fmt.Errorf("time(1) output %q: %v", data, err)
		}
		s.RSS = kb * 1024
	}
	return s, nil
}

const timeCmd = "/usr/bin/time"

func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

func median(s []Sample) Stat {
	if len(s) == 0 {
		return Stat{}
	}
	pick := func(f func(Sample) int64) int64 {
		v := make([]int64, len(s))
		for i, x := range s {
			v[i] = f(x)
		}
		slices.Sort(v)
		return v[(len(v)-1)/2]
	}
	return Stat{Runs: len(s), Sample: Sample{
		Wall: time.Duration(pick(func(x Sample) int64 { return int64(x.Wall) })),
		CPU:  time.Duration(pick(func(x Sample) int64 { return int64(x.CPU) })),
		RSS:  pick(func(x Sample) int64 { return x.RSS }),
	}}
}

// installPagefind installs pagefind@1 with npm into dir (once) and returns
// its native binary.
func installPagefind(dir string, log io.Writer) (string, error) {
	find := func() string {
		bins, _ := filepath.Glob(filepath.Join(dir, "node_modules", "@pagefind", "*", "bin", "pagefind*"))
		for _, b := range bins {
			if !strings.HasSuffix(b, ".sha256") && !strings.Contains(filepath.Base(b), "extended") {
				return b
			}
		}
		for _, b := range bins {
			if !strings.HasSuffix(b, ".sha256") {
				return b
			}
		}
		return ""
	}
	if b := find(); b != "" {
		return b, nil
	}
	if _, err := exec.LookPath("npm"); err != nil {
		return "", errors.New("npm is not installed")
	}
	fmt.Fprintf(log, "installing pagefind@1 into %s\n", dir)
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return "", err
	}
	cmd := exec.Command("npm", "install", "--no-audit", "--no-fund", "--prefix", dir, "pagefind@1")
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("npm install pagefind@1: %v", err)
	}
	if b := find(); b != "" {
		return b, nil
	}
	return "", fmt.Errorf("no Pagefind binary for %s/%s in the npm package", runtime.GOOS, runtime.GOARCH)
}

// Query is one measured search: what a reader types, and the page that
// should come first.
type Query struct {
	Kind string `json:"kind"`
	Q    string `json:"q"`
	Want string `json:"want"`
}

// Queries picks k articles spread over the corpus and, for each, a query
// of every kind: the whole message, three of its words with one misspelled
// (a letter dropped), two words and the prefix of a third as typed, and
// the article's first error code (from the first k articles with one).
func Queries(c *corpus.Corpus, k int) []Query {
	var out []Query
	n := len(c.Articles)
	if k > n {
		k = n
	}
	for i := range k {
		a := c.Articles[i*n/k]
		out = append(out, Query{"message", a.Error, a.URL})
		var words []string
		for _, w := range strings.Fields(strings.ToLower(a.Error)) {
			w = strings.Trim(w, ".,'\"")
			if len(w) > 3 && !slices.Contains(words, w) {
				words = append(words, w)
			}
		}
		if len(words) >= 2 {
			ws := slices.Clone(words[:min(3, len(words))])
			long := 0
			for j, w := range ws {
				if len(w) > len(ws[long]) {
					long = j
				}
			}
			w := ws[long]
			ws[long] = w[:len(w)/2] + w[len(w)/2+1:]
			out = append(out, Query{"typo", strings.Join(ws, " "), a.URL})
			ws = slices.Clone(words[:min(3, len(words))])
			last := ws[len(ws)-1]
			ws[len(ws)-1] = last[:min(len(last), 5)]
			out = append(out, Query{"prefix", strings.Join(ws, " "), a.URL})
		}
	}
	codes := 0
	for i := 0; i < n && codes < k; i += max(1, n/(4*k)) {
		if a := c.Articles[i]; len(a.Codes) > 0 {
			out = append(out, Query{"code", a.Codes[0], a.URL})
			codes++
		}
	}
	return out
}

type queryResult struct {
	Kind  string  `json:"kind"`
	Q     string  `json:"q"`
	Want  string  `json:"want"`
	Bytes int64   `json:"bytes"`
	Files int     `json:"files"`
	Top   string  `json:"top"`
	Ms    float64 `json:"ms"`
	Hit   bool    `json:"hit"`
}

type queryReport struct {
	Ours          []queryResult `json:"ours"`
	Pagefind      []queryResult `json:"pagefind"`
	PagefindError string        `json:"pagefindError"`
}

var attr = regexp.MustCompile(`data-(index|script)="?([^" >]+)`)

func firstQueries(ctx context.Context, o Options, dir, public, pagefind string, qs []Query) (*queryReport, error) {
	if _, err := exec.LookPath("node"); err != nil {
		return nil, errors.New("node is not installed")
	}
	home, err := os.ReadFile(filepath.Join(public, "index.html"))
	if err != nil {
		return nil, err
	}
	found := map[string]string{}
	for _, m := range attr.FindAllStringSubmatch(string(home), -1) {
		found[m[1]] = m[2]
	}
	if found["index"] == "" || found["script"] == "" {
		return nil, errors.New("the home page has no search form (data-index, data-script)")
	}
	cfg := map[string]any{
		"searchJS": filepath.Join(o.Repo, "static", "js", "search.js"),
		"public":   public,
		"manifest": found["index"],
		"script":   found["script"],
		"pagefind": pagefind,
		"shown":    5,
		"queries":  qs,
	}
	data, _ := json.Marshal(cfg)
	cfgFile := filepath.Join(dir, "firstquery.json")
	script := filepath.Join(dir, "firstquery.mjs")
	if err := os.WriteFile(cfgFile, data, 0o666); err != nil {
		return nil, err
	}
	if err := os.WriteFile(script, firstQueryJS, 0o666); err != nil {
		return nil, err
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "node", script, cfgFile)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("node: %v\n%s", err, tail(stderr.String(), 2000))
	}
	var rep queryReport
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		return nil, err
	}
	return &rep, nil
}

type gzTree struct {
	Tree
	gzip int64
}

func gzipTree(dir string) (gzTree, error) {
	t, err := walkTree(dir, false)
	if err != nil {
		return gzTree{}, err
	}
	out := gzTree{Tree: t}
	err = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out.gzip += gzipSize(data)
		return nil
	})
	return out, err
}

func serveEdits(ctx context.Context, o Options, dir string, k int) (*ServeResult, error) {
	args := append(slices.Clone(o.ServeArgs), dir, fmt.Sprint(k))
	cmd := exec.CommandContext(ctx, o.Self, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%w: %s", err, tail(stderr.String(), 500))
	}
	var r ServeResult
	if err := json.Unmarshal(out, &r); err != nil {
		return nil, err
	}
	if len(r.Edits) == 0 {
		return nil, fmt.Errorf("no edits measured")
	}
	return &r, nil
}

// A trash takes the outputs of earlier runs out of the way by renaming
// them, and deletes them when the bench ends. Deleting them before each
// run would measure the deletion's aftermath: on ext4 without a journal
// (this machine's root), the inode allocator skips inodes freed in the
// last 60 seconds (360 while their inode table block is dirty), one at a
// time, so creating files within minutes of deleting tens of thousands
// costs about ten times more kernel time, and the more files a build
// writes the more it pays, quadratically (docs/benchmarks.md, "Cold means
// no files deleted just before"). A build on a fresh clone, as in CI,
// meets no such inodes. (Nor does a bench started within minutes of
// another's end: it finds that one's deletion still recent.)
type trash struct {
	dir string // on the same file system as what it takes
	n   int
}

// put moves p, if it exists, into the trash, and takes what it moved out
// of the page cache (evict): the outputs of earlier runs, a gigabyte each
// at 10,000 articles, otherwise stay cached, and with the memory full the
// kernel reclaims them on the same cores while the next run builds, which
// added 3 to 15 s of system time to some runs (docs/benchmarks.md,
// "Noise"). A fresh machine, as in CI, has no such cache.
func (t *trash) put(p string) error {
	if _, err := os.Lstat(p); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err := os.MkdirAll(t.dir, 0o777); err != nil {
		return err
	}
	t.n++
	dst := filepath.Join(t.dir, strconv.Itoa(t.n))
	if err := os.Rename(p, dst); err != nil {
		return err
	}
	return evict(dst)
}

func (t *trash) empty() error { return os.RemoveAll(t.dir) }
