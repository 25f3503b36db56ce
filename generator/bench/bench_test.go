package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kbgen/generator/build"
	"kbgen/generator/corpus"
	"kbgen/generator/load"
	"kbgen/generator/markdown"
	"kbgen/generator/search"
)

// The repository, whose hugo.toml, layouts/ and static/ the projects use.
const repo = "../.."

// The plain Hugo project renders every page the generator renders, byte
// for byte: the generator only adds files (search index, exports, root
// files), and HugoFiles has not drifted from Run.
func TestPlainHugoIsTheSameSite(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two sites")
	}
	ctx := context.Background()
	p, err := WriteProject(ctx, t.TempDir(), repo, 20, corpus.DefaultSeed)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := build.Run(ctx, build.Options{Project: osFs(p.KB()), Dest: osFs(p.KB())}); err != nil {
		t.Fatal(err)
	}
	if _, err := BuildPlain(ctx, p.Hugo()); err != nil {
		t.Fatal(err)
	}
	onlyOurs, onlyPlain, differ, err := Compare(filepath.Join(p.KB(), "public"), filepath.Join(p.Hugo(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	if len(onlyPlain) > 0 || len(differ) > 0 {
		t.Errorf("only in plain Hugo: %s; differing: %s", summarize(onlyPlain), summarize(differ))
	}
	if !hasPrefix(onlyOurs, build.SearchDir+"/") {
		t.Errorf("the generator's site has no search index: %s", summarize(onlyOurs))
	}
}

func hasPrefix(list []string, prefix string) bool {
	for _, s := range list {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}

func TestQueries(t *testing.T) {
	c := corpus.Generate(200, corpus.DefaultSeed)
	qs := Queries(c, 5)
	kinds := map[string]int{}
	for _, q := range qs {
		kinds[q.Kind]++
		if q.Q == "" || !strings.HasPrefix(q.Want, "/") {
			t.Errorf("bad query %+v", q)
		}
	}
	for _, k := range []string{"message", "typo", "prefix", "code"} {
		if kinds[k] != 5 {
			t.Errorf("%d %s queries, want 5", kinds[k], k)
		}
	}
}

// go test -bench . -run '^$' ./generator/bench
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			ctx := context.Background()
			p, err := WriteProject(ctx, b.TempDir(), repo, n, corpus.DefaultSeed)
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for b.Loop() {
				if _, err := build.Run(ctx, build.Options{Project: osFs(p.KB()), Dest: osFs(p.KB())}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkSearchIndex(b *testing.B) {
	for _, n := range []int{1000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			dir := b.TempDir()
			if err := corpus.Generate(n, corpus.DefaultSeed).Write(dir); err != nil {
				b.Fatal(err)
			}
			articles, errs := load.Check(osFs(dir), "content")
			if err := errs.Err(); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for b.Loop() {
				if _, err := search.Build(articles, markdown.New(), nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// The trash moves a run's output out of the way, keeps every one (two
// runs' public/ have the same name), ignores what is not there, and
// deletes it all at the end.
func TestTrash(t *testing.T) {
	dir := t.TempDir()
	bin := &trash{dir: filepath.Join(dir, ".trash")}
	public := filepath.Join(dir, "public")
	for run := range 2 {
		if err := os.MkdirAll(filepath.Join(public, "a"), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(public, "a", "index.html"), []byte{byte('0' + run)}, 0o666); err != nil {
			t.Fatal(err)
		}
		if err := bin.put(public); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(public); !os.IsNotExist(err) {
			t.Fatalf("run %d: public/ still there: %v", run, err)
		}
	}
	if err := bin.put(public); err != nil {
		t.Fatalf("nothing to put: %v", err)
	}
	for run, name := range []string{"1", "2"} {
		b, err := os.ReadFile(filepath.Join(bin.dir, name, "a", "index.html"))
		if err != nil || string(b) != string(rune('0'+run)) {
			t.Errorf("run %d in the trash: %q, %v", run, b, err)
		}
	}
	if err := bin.empty(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(bin.dir); !os.IsNotExist(err) {
		t.Errorf("trash not emptied: %v", err)
	}
}
