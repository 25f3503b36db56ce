package par_test

import (
	"context"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"kbgen/generator/internal/par"
)

// Every index is visited exactly once, whatever n is next to the chunk
// size and the number of cores.
func TestForVisitsEachIndexOnce(t *testing.T) {
	for _, procs := range []int{1, 2, 7} {
		old := runtime.GOMAXPROCS(procs)
		for _, n := range []int{0, 1, 7, 8, 9, 63, 64, 65, 1000} {
			seen := make([]atomic.Int32, n)
			par.For(n, func(i int) { seen[i].Add(1) })
			for i := range seen {
				if c := seen[i].Load(); c != 1 {
					t.Errorf("GOMAXPROCS %d, n %d: index %d visited %d times", procs, n, i, c)
				}
			}
		}
		runtime.GOMAXPROCS(old)
	}
}

// With several cores, the calls do run at the same time.
func TestForRunsConcurrently(t *testing.T) {
	old := runtime.GOMAXPROCS(2)
	defer runtime.GOMAXPROCS(old)
	var inside, most atomic.Int32
	release := make(chan struct{})
	go func() {
		for most.Load() < 2 {
			runtime.Gosched()
		}
		close(release)
	}()
	// Run one at a time, each call would wait for the others: the
	// deadline ends the wait, for all calls at once.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	par.For(16, func(i int) {
		n := inside.Add(1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		select {
		case <-release:
		case <-ctx.Done():
		}
		inside.Add(-1)
	})
	if most.Load() < 2 {
		t.Fatalf("at most %d calls at once", most.Load())
	}
}
