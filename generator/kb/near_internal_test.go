package kb

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"
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

// TestNewWarnerNearMatchesPairwise: NewWarner shares the messages out over
// every CPU; for each message it must name the first near one before it of
// its product, as comparing the pairs in order (with nearReference) does.
func TestNewWarnerNearMatchesPairwise(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	words := []string{"cannot", "connect", "to", "server", "sync", "failed", "verify", "identity", "mail", "0x1", "é"}
	var articles []*Article
	for i := range 600 {
		n := 2 + rng.IntN(5)
		w := make([]string, n)
		for k := range w {
			w[k] = words[rng.IntN(len(words))]
		}
		articles = append(articles, &Article{
			File:        "content/p/" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + ".yaml",
			ProductSlug: []string{"one", "two", "three"}[rng.IntN(3)],
			Error:       Text{Src: strings.Join(w, " ")},
		})
	}
	w := NewWarner(articles, time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC))
	found := 0
	for product, list := range w.products {
		for j, m := range list {
			want, has := -1, false
			for i := range j {
				if list[i].norm != m.norm && nearReference(list[i].norm, m.norm) {
					want, has = i, true
					break
				}
			}
			got, ok := w.near[m]
			if ok != has || (has && got != want) {
				t.Fatalf("%s, message %d %q: NewWarner names %d (%v); in order, the first near one is %d (%v)", product, j, m.norm, got, ok, want, has)
			}
			if has {
				found++
			}
		}
	}
	if found < 50 {
		t.Fatalf("only %d near messages: the test does not exercise them", found)
	}
}
