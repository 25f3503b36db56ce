package build_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"kbgen/generator/build"
	"kbgen/generator/internal/sitetest"
)

// The phases print one a line, their times in a column after the longest
// name: the main line's with the CPU the process used and how many cores
// that is, the beside work's with its wall time only (its CPU is inside
// the main line's).
func TestTimings(t *testing.T) {
	rep := &build.Report{Phases: []build.Phase{
		{Name: "pages", Elapsed: 2 * time.Second, CPU: 3 * time.Second},
		{Name: "search index", Elapsed: 1500 * time.Millisecond, Beside: true},
		{Name: "warnings", Elapsed: 20 * time.Millisecond},
	}}
	want := "" +
		"pages                     2000 ms  (CPU 3000 ms, 1.5 cores)\n" +
		"  beside: search index    1500 ms\n" +
		"warnings                    20 ms\n"
	if got := rep.Timings(); got != want {
		t.Errorf("Timings:\n%s\nwant:\n%s", got, want)
	}
}

// A real build measures the CPU of its main-line phases.
func TestBuildMeasuresPhases(t *testing.T) {
	s := sitetest.Test(t, sitetest.Seed(t))
	rep, err := build.Run(context.Background(), build.Options{Project: s.Fs, Dest: s.Fs})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	cpu := time.Duration(0)
	for _, p := range rep.Phases {
		names = append(names, p.Name)
		if p.Beside && p.CPU != 0 {
			t.Errorf("beside phase %q has CPU %v: the process's CPU cannot be split", p.Name, p.CPU)
		}
		cpu += p.CPU
	}
	for _, want := range []string{"load and validate", "related articles", "pages", "search index", "exports", "hugo", "publish"} {
		if !strings.Contains(strings.Join(names, "|"), want) {
			t.Errorf("phases %q: no %q", names, want)
		}
	}
	if cpu <= 0 {
		t.Errorf("phases %q measured no CPU", names)
	}
}
