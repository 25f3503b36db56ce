package jsonw

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestAppendStringMatchesEncodingJSON: the files written by hand must stay
// byte for byte what encoding/json wrote, which the search client, the
// index's hash and the API's readers were built on.
func TestAppendStringMatchesEncodingJSON(t *testing.T) {
	cases := []string{"", "plain", `quote " backslash \ slash /`, "<b>&amp;</b>", "tab\tnl\ncr\r\b\f\x00\x1f\x7f",
		"é ü 日本 😀", "\u2028\u2029", "bad \xff utf8 \xe2\x82", "0x800CCC0E", "…"}
	rng := rand.New(rand.NewPCG(3, 4))
	// Short text of nearly nothing but bytes to escape, and longer text
	// mostly of bytes copied as they are, with the others anywhere in it.
	short := []rune{'a', ' ', '"', '\\', '<', '>', '&', '\n', '\x01', 'é', '\u2028', '😀', 0xfffd}
	long := []rune{'a', 'a', 'a', 'a', ' ', '~', '/', '!', '#', '=', '?', '[', ']', '\x7f', '\x1f', '"', '\\', '<', '>', '&', '\t', 'é', '\u2028', '😀'}
	for range 2000 {
		cases = append(cases, randomString(rng, short, 12))
	}
	for range 5000 {
		s := randomString(rng, long, 40)
		cases = append(cases, s, strings.Repeat("abcdefgh", rng.IntN(4))+s)
	}
	for _, s := range cases {
		checkString(t, s)
	}
}

// randomString returns fewer than n runes drawn from alphabet, one time in
// five cut short by a few bytes, which may cut a rune: invalid UTF-8.
func randomString(rng *rand.Rand, alphabet []rune, n int) string {
	r := make([]rune, rng.IntN(n))
	for i := range r {
		r[i] = alphabet[rng.IntN(len(alphabet))]
	}
	s := string(r)
	if rng.IntN(5) == 0 && len(s) > 1 {
		s = s[:len(s)-1-rng.IntN(len(s)/2)]
	}
	return s
}

// checkString fails t unless AppendString and AppendStringRawHTML write s
// as encoding/json does, with and without its HTML escapes.
func checkString(t *testing.T, s string) {
	t.Helper()
	want, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if got := AppendString(nil, s); string(got) != string(want) {
		t.Fatalf("AppendString(%q) = %s; encoding/json writes %s", s, got, want)
	}
	if got, want := AppendStringRawHTML(nil, s), rawHTML(t, s); string(got) != want {
		t.Fatalf("AppendStringRawHTML(%q) = %s; encoding/json without HTML escapes writes %s", s, got, want)
	}
}

// rawHTML is v as an Encoder with SetEscapeHTML(false) writes it.
func rawHTML(t *testing.T, v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

func TestAppendStringsMatchesEncodingJSON(t *testing.T) {
	for _, ss := range [][]string{nil, {}, {"a"}, {"a", "<b>", ""}} {
		want, _ := json.Marshal(ss)
		if got := AppendStrings(nil, ss); string(got) != string(want) {
			t.Errorf("AppendStrings(%q) = %s; encoding/json writes %s", ss, got, want)
		}
		if got, want := AppendStringsRawHTML(nil, ss), rawHTML(t, ss); string(got) != want {
			t.Errorf("AppendStringsRawHTML(%q) = %s; encoding/json without HTML escapes writes %s", ss, got, want)
		}
	}
}

// FuzzAppendString: AppendString and AppendStringRawHTML write any string
// as encoding/json does.
func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "plain text of some length", "<b>&</b> \"q\" \\", "é\u2028\xff\x00"} {
		f.Add(s)
	}
	f.Fuzz(checkString)
}

// BenchmarkAppendString: text as a build escapes it, a sentence of words
// and a field of HTML.
func BenchmarkAppendString(b *testing.B) {
	text := strings.Repeat("Open Settings, then Mail, and turn off the account's SSL option. ", 4)
	html := strings.Repeat(`<p>Open <strong>Settings</strong> &gt; <code>Mail</code>, then “Accounts”.</p>`, 3)
	for _, c := range []struct{ name, s string }{{"text", text}, {"html", html}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.s)))
			buf := make([]byte, 0, 1024)
			for b.Loop() {
				buf = AppendString(buf[:0], c.s)
			}
		})
	}
}
