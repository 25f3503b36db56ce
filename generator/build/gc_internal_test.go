package build

import (
	"runtime/debug"
	"testing"
)

func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// Phases of overlapping builds (tests build in parallel) hold the lowest
// GOGC asked for, leave the process's GOGC as it was once the last ends,
// and keep a GOGC set by the user.
func TestGCByPhase(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(120))
	t.Setenv("GOGC", "")
	want := func(what string, percent int) {
		t.Helper()
		if got := gcPercent(); got != percent {
			t.Errorf("%s: GOGC %d; want %d", what, got, percent)
		}
	}
	prepA := gcFor(prepareGC)
	want("one build preparing", prepareGC)
	prepB := gcFor(prepareGC)
	prepA()
	renderA := gcFor(renderGC)
	want("one preparing, one rendering", renderGC)
	prepA() // twice: still one end
	renderA()
	want("the render ended, one still preparing", prepareGC)
	renderB := gcFor(renderGC)
	prepB()
	want("rendering", renderGC)
	renderB()
	want("all ended", 120)

	t.Setenv("GOGC", "300")
	c := gcFor(renderGC)
	want("with GOGC set by the user", 120)
	c()
}
