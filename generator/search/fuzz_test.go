package search_test

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"kbgen/generator/search"
)

// FuzzTokens feeds arbitrary text to the search normaliser. It must not
// panic, must give the same tokens for the same text every time, and every
// token must be non-empty, valid UTF-8 and lowercase, with positions that
// never go back. The seeds are the shared tokenizer cases
// (testdata/tokens.json) and the search queries (testdata/queries.json).
//
//	go test -run=^$ -fuzz=FuzzTokens -fuzztime=60s ./generator/search
func FuzzTokens(f *testing.F) {
	var tokens []struct {
		In string `json:"in"`
	}
	var queries []struct {
		Q string `json:"q"`
	}
	for file, v := range map[string]any{"testdata/tokens.json": &tokens, "testdata/queries.json": &queries} {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		if err := json.Unmarshal(data, v); err != nil {
			f.Fatalf("%s: %v", file, err)
		}
	}
	for _, c := range tokens {
		f.Add(c.In)
	}
	for _, q := range queries {
		f.Add(q.Q)
	}
	for _, s := range []string{"", "İSTANBUL ǅ ß ﬁ Å", "net::ERR_CERT_DATE_INVALID", "can't...won't", "\xff\xfe", "a'b'c's", "-_.:/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		got := search.Tokens(text)
		if again := search.Tokens(text); !slices.Equal(got, again) {
			t.Fatalf("Tokens(%q) is not deterministic:\n%v\n%v", text, got, again)
		}
		last := 0
		for _, tok := range got {
			switch {
			case tok.Term == "":
				t.Errorf("Tokens(%q): an empty token at %d", text, tok.Pos)
			case !utf8.ValidString(tok.Term):
				t.Errorf("Tokens(%q): token %q is not valid UTF-8", text, tok.Term)
			case strings.ToLower(tok.Term) != tok.Term:
				t.Errorf("Tokens(%q): token %q is not lowercase", text, tok.Term)
			}
			if tok.Pos < last {
				t.Errorf("Tokens(%q): position %d after %d", text, tok.Pos, last)
			}
			last = tok.Pos
		}
		// A query is normalised the same way as the index: tokens of the
		// normalised text are the tokens of the text.
		if n := search.Tokens(search.Normalize(text)); !slices.Equal(got, n) {
			t.Errorf("Tokens(Normalize(%q)) = %v; Tokens = %v", text, n, got)
		}
	})
}
