package build_test

import (
	"testing"
	"time"

	"kbgen/generator/build"
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
