package kb

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// startsWithWords(s, q) is what the warning compared before: words(s) is
// q, or starts with q and a space.
func TestStartsWithWordsIsWords(t *testing.T) {
	cases := [][2]string{
		{"Is it safe? Yes, it is.", "is it safe"}, {"IS IT SAFE", "is it safe"}, {"Is itself safe", "is it"},
		{"", "a"}, {"…", "a"}, {"a", "a"}, {"a b", "a"}, {"ab", "a"}, {"  É-té  été ", "é té"}, {"x 1.2", "x 1"},
		{"Straße ok", "straße"}, {"İstanbul", "i̇stanbul"},
	}
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("aAbB1 .?-éÉß")
	word := func() string {
		r := make([]rune, rng.IntN(12))
		for i := range r {
			r[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return string(r)
	}
	for range 20000 {
		s := word()
		q := words(word())
		if rng.IntN(3) == 0 {
			q = words(s[:rng.IntN(len(s)+1)]) // often a real prefix
		}
		cases = append(cases, [2]string{s, q})
	}
	for _, c := range cases {
		s, q := c[0], c[1]
		if q == "" {
			continue // the warning skips empty questions
		}
		ans := words(s)
		want := ans == q || strings.HasPrefix(ans, q+" ")
		if got := startsWithWords(s, q); got != want {
			t.Fatalf("startsWithWords(%q, %q) = %v; words gives %q", s, q, got, ans)
		}
	}
}

// mentions finds a string in exactly the fields textFields lists.
func TestMentionsSeesEveryTextField(t *testing.T) {
	a := &Article{
		Title: Text{Src: "t"}, Error: Text{Src: "e"}, Product: Text{Src: "p"}, Summary: Text{Src: "s"},
		Codes: []Text{{Src: "c"}}, Platforms: []Text{{Src: "pl"}}, Tags: []Text{{Src: "tg"}},
		Causes: []Cause{{Text: Text{Src: "ca"}}},
		Fixes:  []Fix{{Title: Text{Src: "ft"}, Note: Text{Src: "fn"}, Warning: Text{Src: "fw"}, Steps: []Text{{Src: "st"}}}},
		FAQ:    []QA{{Q: Text{Src: "q"}, A: Text{Src: "an"}}},
	}
	fields := a.textFields()
	for i, f := range fields {
		saved := f.text.Src
		set := func(v string) {
			switch f.field {
			case "title":
				a.Title.Src = v
			case "error":
				a.Error.Src = v
			case "product":
				a.Product.Src = v
			case "summary":
				a.Summary.Src = v
			case "codes[0]":
				a.Codes[0].Src = v
			case "platforms[0]":
				a.Platforms[0].Src = v
			case "tags[0]":
				a.Tags[0].Src = v
			case "causes[0].text":
				a.Causes[0].Text.Src = v
			case "fixes[0].title":
				a.Fixes[0].Title.Src = v
			case "fixes[0].note":
				a.Fixes[0].Note.Src = v
			case "fixes[0].warning":
				a.Fixes[0].Warning.Src = v
			case "fixes[0].steps[0]":
				a.Fixes[0].Steps[0].Src = v
			case "faq[0].q":
				a.FAQ[0].Q.Src = v
			case "faq[0].a":
				a.FAQ[0].A.Src = v
			default:
				t.Fatalf("field %d, %s: not covered by this test", i, f.field)
			}
		}
		if a.mentions("TODO") {
			t.Fatalf("mentions TODO before %s has it", f.field)
		}
		set("a TODO here")
		if !a.mentions("TODO") {
			t.Errorf("%s holds TODO; mentions does not see it", f.field)
		}
		set(saved)
	}
	if len(fields) != 14 {
		t.Errorf("%d fields: the test sets 14", len(fields))
	}
}

// TestMayBreakLinkMissesNothing: the quick look lets through every text
// the link-typo regexps match (it may let through more), on random texts
// of brackets, parentheses, addresses, spaces and words.
func TestMayBreakLinkMissesNothing(t *testing.T) {
	parts := []string{"[", "]", "(", ")", " ", "\t", "\n", "text", "https://a.b/c", "http://x", "mailto:a@b", "/p/q/", "#fix", "`", "word"}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 100000 {
		var b strings.Builder
		for range 1 + rng.IntN(10) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		s := b.String()
		if (spacedLink.MatchString(s) || unclosedLink.MatchString(s)) && !mayBreakLink(s) {
			t.Fatalf("mayBreakLink(%q) = false; a link-typo regexp matches it", s)
		}
	}
}
