package search

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
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

// TestSnippetCutsAtRunes: snippet finds the cut without converting the
// text to runes; it must cut where the rune-slice version did.
func TestSnippetCutsAtRunes(t *testing.T) {
	old := func(s string) string {
		r := []rune(s)
		if len(r) <= MaxSnippet {
			return s
		}
		cut := string(r[:MaxSnippet])
		if i := strings.LastIndexByte(cut, ' '); i > MaxSnippet/2 {
			cut = cut[:i]
		}
		return cut + "…"
	}
	rng := rand.New(rand.NewPCG(9, 10))
	alphabet := []string{"a", "b", " ", "é", "日", "😀", "word "}
	for range 3000 {
		var b strings.Builder
		for range rng.IntN(2 * MaxSnippet) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		s := b.String()
		if got, want := snippet(s), old(s); got != want {
			t.Fatalf("snippet(%q) = %q; want %q", s, got, want)
		}
	}
}

// TestTokensScanner: Tokens scans bytes, noting the kinds it passes
// (tokenByte); it must split as the
// strings.FieldsFunc version it replaced (tokensRef) did.
func TestTokensScanner(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	alphabet := []string{"a", "B", "z", "0", "9", "'", "_", ".", ":", "-", "/", "\\", " ", "\t", ",", "é", "日", "😀", "\u00a0", "’", "can't", "0x800CCC0E", "\xff", "the", "'s"}
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(20) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		s := b.String()
		got, want := Tokens(s), tokensRef(s)
		if len(got) == 0 && len(want) == 0 {
			continue
		}
		if !slices.Equal(got, want) {
			t.Fatalf("Tokens(%q) = %v; want %v", s, got, want)
		}
	}
}

func tokensRef(text string) []Token {
	var out []Token
	pos := 0
	var fields []string
	for _, f := range strings.FieldsFunc(Normalize(text), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '\'' || strings.ContainsRune(joiners, r) || r > 127 && unicode.IsLetter(r))
	}) {
		// Then runs of Chinese and Japanese letters, and of the rest.
		rs := []rune(f)
		for start, i := 0, 1; i <= len(rs); i++ {
			if i == len(rs) || isCJK(rs[i]) != isCJK(rs[start]) {
				fields = append(fields, string(rs[start:i]))
				start = i
			}
		}
	}
	for _, raw := range fields {
		if rs := []rune(raw); isCJK(rs[0]) {
			if len(rs) == 1 {
				out = append(out, Token{raw, pos})
				pos++
			}
			for k := 0; k+1 < len(rs); k++ {
				out = append(out, Token{string(rs[k : k+2]), pos})
				pos++
			}
			continue
		}
		w := strings.Trim(raw, joiners+"'")
		w = strings.TrimSuffix(w, "'s")
		w = strings.ReplaceAll(w, "'", "")
		if w == "" {
			continue
		}
		if strings.ContainsAny(w, joiners) {
			out = append(out, Token{w, pos})
			for _, part := range strings.FieldsFunc(w, func(r rune) bool { return strings.ContainsRune(joiners, r) }) {
				if utf8.RuneCountInString(part) > 1 && !stopWords[part] {
					out = append(out, Token{part, pos})
				}
			}
		} else if utf8.RuneCountInString(w) > 1 && !stopWords[w] {
			out = append(out, Token{w, pos})
		}
		pos++
	}
	return out
}

// TestKeepBest: keeping the best postings as they come must give what
// sorting them all and keeping the first MaxPostings gave.
func TestKeepBest(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for range 300 {
		n := rng.IntN(3 * MaxPostings)
		var all, kept []posting
		for doc := range n {
			p := posting{doc: doc, unit: rng.IntN(5), weight: 10 * rng.IntN(8)}
			all = append(all, p)
			kept = keepBest(kept, p)
		}
		slices.SortFunc(all, better)
		slices.SortFunc(kept, better)
		if want := all[:min(len(all), MaxPostings)]; !slices.EqualFunc(kept, want, func(a, b posting) bool {
			return a.doc == b.doc && a.unit == b.unit && a.weight == b.weight
		}) {
			t.Fatalf("%d postings: kept %v; want %v", n, kept, want)
		}
	}
}

// Normalize looks for contractions only in text with "n't" or "can": a
// contraction without either would never be replaced.
func TestContractionsHaveTheirMark(t *testing.T) {
	for _, c := range contractions {
		if !strings.Contains(c[0], "n't") && !strings.Contains(c[0], "can") {
			t.Errorf("contraction %q has neither \"n't\" nor \"can\": Normalize would skip it", c[0])
		}
	}
	if got := Normalize("It CAN NOT connect; it won't"); got != "it cannot connect; it will not" {
		t.Errorf("Normalize = %q", got)
	}
}

// TestEncodeCutsLongText: a shard shows a long text as snippet does, its
// ellipsis written by the encoder inside the text's quotes.
func TestEncodeCutsLongText(t *testing.T) {
	long := strings.Repeat("Select the \"server\" — then wait. ", 20)
	docs := []doc{{key: "0", url: "/a/", title: "A", product: "P", units: []unit{{FieldError, "", "Short"}, {FieldStep, "s-1", long}}}}
	sh := &postingShard{units: [][2]int{{0, 1}, {0, 0}, {0, 1}}}
	var got struct {
		U map[string][3]string `json:"u"`
	}
	if err := json.Unmarshal(sh.encode(nil, docs), &got); err != nil {
		t.Fatal(err)
	}
	if want := snippet(long); got.U["0.1"][2] != want || !strings.HasSuffix(want, "…") {
		t.Errorf("the long text is %q; want %q", got.U["0.1"][2], want)
	}
	if got.U["0.0"][2] != "Short" {
		t.Errorf("the short text is %q", got.U["0.0"][2])
	}
}
