package bench

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

func gzipSize(data []byte) int64 {
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, 6)
	w.Write(data)
	w.Close()
	return int64(b.Len())
}

func secs(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

func mb(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

func ratio(a, b float64) string {
	if b == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f×", a/b)
}

// Print writes the results at one size.
func Print(w io.Writer, r *Result) {
	fmt.Fprintf(w, "\n== %d articles (medians of %d runs; ratios are ours ÷ the other) ==\n\n", r.N, r.Build.Runs)
	t := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(t, "\twall\tCPU\tpeak RSS\toutput\tfiles\t")
	row := func(name string, s Stat, out bool) {
		o, f := "", ""
		if out {
			o, f = mb(s.Bytes), fmt.Sprint(s.Files)
		}
		fmt.Fprintf(t, "%s\t%s\t%s\t%s\t%s\t%s\t\n", name, secs(s.Wall), secs(s.CPU), mb(s.RSS), o, f)
	}
	row("build (ours)", r.Build, true)
	row("plain Hugo, same pages as Markdown", r.Plain, true)
	row("check (ours)", r.Check, false)
	fmt.Fprintf(t, "build ÷ plain Hugo\t%s\t%s\t%s\t%s\t%s\t\n",
		ratio(r.Build.Wall.Seconds(), r.Plain.Wall.Seconds()), ratio(r.Build.CPU.Seconds(), r.Plain.CPU.Seconds()),
		ratio(float64(r.Build.RSS), float64(r.Plain.RSS)), ratio(float64(r.Build.Bytes), float64(r.Plain.Bytes)),
		ratio(float64(r.Build.Files), float64(r.Plain.Files)))
	fmt.Fprintf(t, "check ÷ build\t%s\t%s\t%s\t\t\t\n",
		ratio(r.Check.Wall.Seconds(), r.Build.Wall.Seconds()), ratio(r.Check.CPU.Seconds(), r.Build.CPU.Seconds()),
		ratio(float64(r.Check.RSS), float64(r.Build.RSS)))
	t.Flush()
	fmt.Fprintf(w, "\nsame site? files only in ours: %s; only in plain Hugo: %s; differing: %s\n",
		summarize(r.OnlyOurs), summarize(r.OnlyPlain), summarize(r.Diff))
	if sv := r.Serve; sv != nil {
		fmt.Fprintf(w, "\nserve: first build %s; rebuilt after one article is saved in %s (median of %d edits, %s pages re-rendered) = %s of the cold build\n",
			secs(sv.First), secs(sv.Edit()), len(sv.Edits), fmt.Sprint(sv.Pages), ratio(sv.Edit().Seconds(), r.Build.Wall.Seconds()))
	}

	fmt.Fprintf(w, "\nsearch\n")
	t = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(t, "\twall\tCPU\tpeak RSS\tindex on disk\tgzip\tfiles\t")
	fmt.Fprintf(t, "search.Build (in-process; RSS column = bytes allocated)\t%s\t%s\t%s\t%s\t%s\t%d\t\n",
		secs(r.IndexBuild.Wall), secs(r.IndexBuild.CPU), mb(r.IndexBuild.RSS), mb(r.IndexBytes), mb(r.IndexGzip), r.IndexFiles)
	if r.Find.Runs > 0 {
		fmt.Fprintf(t, "Pagefind (whole process)\t%s\t%s\t%s\t%s\t(gzipped)\t%d\t\n",
			secs(r.Find.Wall), secs(r.Find.CPU), mb(r.Find.RSS), mb(r.PagefindBytes), r.PagefindFiles)
		fmt.Fprintf(t, "ours ÷ Pagefind\t%s\t%s\t\t%s\t\t\t\n",
			ratio(r.IndexBuild.Wall.Seconds(), r.Find.Wall.Seconds()), ratio(r.IndexBuild.CPU.Seconds(), r.Find.CPU.Seconds()),
			ratio(float64(r.IndexBytes), float64(r.PagefindBytes)))
	}
	t.Flush()
	if r.PagefindError != "" {
		fmt.Fprintf(w, "Pagefind: %s\n", firstLine(r.PagefindError))
	}

	if q := r.Queries; q != nil {
		fmt.Fprintf(w, "\nfirst query, cold (gzip bytes fetched: JS + index files; Pagefind: JS + wasm + meta + chunks + 5 fragments)\n")
		t = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(t, "kind\tqueries\tours median\tours max\tPagefind median\tPagefind max\tours ÷ Pagefind\ttop-1 ours\ttop-1 Pagefind\ttime ours\ttime Pagefind\t")
		kinds := []string{"message", "typo", "prefix", "code"}
		for _, k := range append(kinds, "all") {
			o, p := pick(q.Ours, k), pick(q.Pagefind, k)
			if len(o) == 0 {
				continue
			}
			ob, pb := bytesOf(o), bytesOf(p)
			pm, px, rr, ph, pt := "–", "–", "–", "–", "–"
			if len(p) > 0 {
				pm, px = mb(med(pb)), mb(slices.Max(pb))
				rr = ratio(float64(med(ob)), float64(med(pb)))
				ph = fmt.Sprintf("%d/%d", hits(p), len(p))
				pt = fmt.Sprintf("%.0f ms", medMs(p))
			}
			fmt.Fprintf(t, "%s\t%d\t%s\t%s\t%s\t%s\t%s\t%d/%d\t%s\t%.0f ms\t%s\t\n", k, len(o), mb(med(ob)), mb(slices.Max(ob)),
				pm, px, rr, hits(o), len(o), ph, medMs(o), pt)
		}
		t.Flush()
	}
}

// PrintGrowth writes how the measurements grow with the article count.
func PrintGrowth(w io.Writer, rs []*Result) {
	a, b := rs[0], rs[len(rs)-1]
	fmt.Fprintf(w, "\n== growth from %d to %d articles (%.0f×) ==\n", a.N, b.N, float64(b.N)/float64(a.N))
	fmt.Fprintf(w, "build wall %s, CPU %s, RSS %s; plain Hugo wall %s, CPU %s; check wall %s; search.Build %s\n",
		ratio(b.Build.Wall.Seconds(), a.Build.Wall.Seconds()), ratio(b.Build.CPU.Seconds(), a.Build.CPU.Seconds()),
		ratio(float64(b.Build.RSS), float64(a.Build.RSS)),
		ratio(b.Plain.Wall.Seconds(), a.Plain.Wall.Seconds()), ratio(b.Plain.CPU.Seconds(), a.Plain.CPU.Seconds()),
		ratio(b.Check.Wall.Seconds(), a.Check.Wall.Seconds()), ratio(b.IndexBuild.CPU.Seconds(), a.IndexBuild.CPU.Seconds()))
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return l
}

func pick(rs []queryResult, kind string) []queryResult {
	var out []queryResult
	for _, r := range rs {
		if kind == "all" || r.Kind == kind {
			out = append(out, r)
		}
	}
	return out
}

func bytesOf(rs []queryResult) []int64 {
	out := make([]int64, len(rs))
	for i, r := range rs {
		out[i] = r.Bytes
	}
	return out
}

func med(v []int64) int64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	return s[(len(s)-1)/2]
}

func medMs(rs []queryResult) float64 {
	v := make([]int64, len(rs))
	for i, r := range rs {
		v[i] = int64(r.Ms * 1000)
	}
	return float64(med(v)) / 1000
}

func hits(rs []queryResult) int {
	n := 0
	for _, r := range rs {
		if r.Hit {
			n++
		}
	}
	return n
}
