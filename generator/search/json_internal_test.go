package search

import (
	"math/rand/v2"
	"testing"
)

// TestNormalizeASCIIShortcut: ASCII text skips Unicode decomposition; it
// must fold exactly as the full path does.
func TestNormalizeASCIIShortcut(t *testing.T) {
	full := func(s string) string {
		s = fold(s)
		for _, c := range contractions {
			s = replaceWord(s, c[0], c[1])
		}
		return s
	}
	rng := rand.New(rand.NewPCG(7, 8))
	for range 20000 {
		b := make([]byte, rng.IntN(20))
		for i := range b {
			b[i] = byte(rng.IntN(128))
		}
		s := string(b)
		if rng.IntN(3) == 0 {
			s += " Can't WON'T can not"
		}
		if got, want := Normalize(s), full(s); got != want {
			t.Fatalf("Normalize(%q) = %q; the full folding gives %q", s, got, want)
		}
	}
}
