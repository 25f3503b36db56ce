package kb

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// ValidID checks by hand what idPattern says, up to 80 bytes: the same
// answer for ids built from the characters that matter most.
func TestValidIDMatchesPattern(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 7))
	const alphabet = "ab9-z0-A_ é."
	runes := []rune(alphabet)
	check := func(s string) {
		want := len(s) <= 80 && idPattern.MatchString(s)
		if got := ValidID(s); got != want {
			t.Errorf("ValidID(%q) = %v; idPattern says %v", s, got, want)
		}
	}
	for _, s := range []string{"", "-", "a", "a-", "-a", "a--b", "a-b", "fix-1-step-2", strings.Repeat("a", 80), strings.Repeat("a", 81), "é", "a_b"} {
		check(s)
	}
	for range 100000 {
		var b strings.Builder
		for range rng.IntN(8) {
			b.WriteRune(runes[rng.IntN(len(runes))])
		}
		check(b.String())
	}
}

// FuzzValidID: any string, the same answer as the pattern.
func FuzzValidID(f *testing.F) {
	for _, s := range []string{"a-b", "a--b", "-", "fix-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := ValidID(s), len(s) <= 80 && idPattern.MatchString(s); got != want {
			t.Errorf("ValidID(%q) = %v; idPattern says %v", s, got, want)
		}
	})
}

// distance is the optimal string alignment distance: known values.
func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"", "abc", 3}, {"abc", "", 3}, {"steps", "steps", 0},
		{"stpes", "steps", 1}, {"kitten", "sitting", 3}, {"flaw", "lawn", 2},
		{"ca", "abc", 3}, // optimal string alignment: no edit of a transposed pair
		{"é", "e", 1}, {"café", "cafe", 1}, {"ab", "ba", 1},
	} {
		if got := distance(tc.a, tc.b); got != tc.want {
			t.Errorf("distance(%q, %q) = %d; want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

// withinDistance answers as distance does, for any limit, on words and on
// message-length text a few edits apart.
func TestWithinDistanceMatchesDistance(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 9))
	runes := []rune("abcdeé ")
	text := func(n int) []rune {
		r := make([]rune, n)
		for i := range r {
			r[i] = runes[rng.IntN(len(runes))]
		}
		return r
	}
	edit := func(r []rune) []rune {
		r = slices.Clone(r)
		for range rng.IntN(12) {
			i := rng.IntN(len(r) + 1)
			switch rng.IntN(4) {
			case 0: // insert
				r = slices.Insert(r, i, runes[rng.IntN(len(runes))])
			case 1: // delete
				if i < len(r) {
					r = slices.Delete(r, i, i+1)
				}
			case 2: // substitute
				if i < len(r) {
					r[i] = runes[rng.IntN(len(runes))]
				}
			default: // swap
				if i+1 < len(r) {
					r[i], r[i+1] = r[i+1], r[i]
				}
			}
		}
		return r
	}
	for range 20000 {
		a := text(rng.IntN(60))
		b := text(rng.IntN(60))
		if rng.IntN(4) > 0 { // mostly close: b is a few edits of a
			b = edit(a)
		}
		d := distance(string(a), string(b))
		for limit := -1; limit <= 20; limit++ {
			if got := withinDistance(string(a), string(b), limit); got != (d <= limit) {
				t.Fatalf("withinDistance(%q, %q, %d) = %v; distance is %d", string(a), string(b), limit, got, d)
			}
		}
	}
}
