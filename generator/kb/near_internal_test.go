package kb

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// nearReference is NearMessages as specified, without the shortcuts of
// message.near: the shortcuts must never change an answer.
func nearReference(a, b string) bool {
	if codes(a) != codes(b) {
		return false
	}
	ra, rb := []rune(a), []rune(b)
	short, long := a, b
	if len(ra) > len(rb) {
		short, long = b, a
	}
	if len([]rune(short)) >= 12 && strings.Contains(long, short) {
		return true
	}
	limit := max(len(ra), len(rb)) * 15 / 100
	return limit > 0 && distance(a, b) <= limit
}

func TestNearMessagesBoundsKeepAnswers(t *testing.T) {
	words := []string{"cannot", "connect", "to", "the", "server", "sync", "failed", "é", "ü", "0x1", "verify", "identity", "mail", "a", "ab"}
	rng := rand.New(rand.NewPCG(1, 2))
	msg := func() string {
		n := 1 + rng.IntN(8)
		w := make([]string, n)
		for i := range w {
			w[i] = words[rng.IntN(len(words))]
		}
		return strings.Join(w, " ")
	}
	// Mutate a message a little, so that near pairs are common.
	mutate := func(s string) string {
		r := []rune(s)
		for range rng.IntN(4) {
			if len(r) == 0 {
				break
			}
			i := rng.IntN(len(r))
			switch rng.IntN(3) {
			case 0:
				r = append(r[:i], r[i+1:]...)
			case 1:
				r[i] = 'x'
			default:
				r = append(r[:i], append([]rune{'q'}, r[i:]...)...)
			}
		}
		return string(r)
	}
	near := 0
	for range 20000 {
		a := msg()
		b := mutate(a)
		if rng.IntN(3) == 0 {
			b = msg()
		}
		want := nearReference(a, b)
		if want {
			near++
		}
		if got := NearMessages(a, b); got != want {
			t.Fatalf("NearMessages(%q, %q) = %v; the definition says %v", a, b, got, want)
		}
	}
	if near < 1000 {
		t.Fatalf("only %d near pairs among 20000: the test does not exercise the distance", near)
	}
}
