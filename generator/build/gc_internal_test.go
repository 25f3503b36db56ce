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

// Overlapping renders (tests build in parallel) leave the process's GOGC
// as it was once the last ends, and a GOGC set by the user is kept.
func TestRenderGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(120))
	t.Setenv("GOGC", "")
	a := renderGCOn()
	b := renderGCOn()
	if got := gcPercent(); got != renderGC {
		t.Fatalf("rendering: GOGC %d; want %d", got, renderGC)
	}
	a()
	a() // twice: still one end
	if got := gcPercent(); got != renderGC {
		t.Errorf("one render of two ended: GOGC %d; want %d", got, renderGC)
	}
	b()
	if got := gcPercent(); got != 120 {
		t.Errorf("both ended: GOGC %d; want 120", got)
	}

	t.Setenv("GOGC", "200")
	c := renderGCOn()
	if got := gcPercent(); got != 120 {
		t.Errorf("with GOGC set by the user: %d; want it untouched (120)", got)
	}
	c()
}
