package search

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
)

// TestAppendJSONStringMatchesEncodingJSON: the index files are written by
// hand and must stay byte for byte what encoding/json wrote, which the
// client and the index's hash were built on.
func TestAppendJSONStringMatchesEncodingJSON(t *testing.T) {
	cases := []string{"", "plain", `quote " backslash \ slash /`, "<b>&amp;</b>", "tab\tnl\ncr\r\b\f\x00\x1f\x7f",
		"é ü 日本 😀", "\u2028\u2029", "bad \xff utf8 \xe2\x82", "0x800CCC0E", "…"}
	rng := rand.New(rand.NewPCG(3, 4))
	alphabet := []rune{'a', ' ', '"', '\\', '<', '>', '&', '\n', '\x01', 'é', '\u2028', '😀', 0xfffd}
	for range 2000 {
		r := make([]rune, rng.IntN(12))
		for i := range r {
			r[i] = alphabet[rng.IntN(len(alphabet))]
		}
		s := string(r)
		if rng.IntN(5) == 0 && len(s) > 1 {
			s = s[:len(s)-1] // may cut a rune: invalid UTF-8
		}
		cases = append(cases, s)
	}
	for _, s := range cases {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendJSONString(nil, s); string(got) != string(want) {
			t.Fatalf("appendJSONString(%q) = %s; encoding/json writes %s", s, got, want)
		}
	}
}

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
