package kb_test

import (
	"strings"
	"testing"

	"kbgen/generator/kb"
)

func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"iOS Mail":                       "ios-mail",
		"Outlook für Mac":                "outlook-fur-mac",
		"Can't connect":                  "cant-connect",
		"  --Weird__name!!  ":            "weird-name",
		"../../etc/passwd":               "etc-passwd",
		"Ошибка":                         "",
		"0x800CCC0E":                     "0x800ccc0e",
		"Microsoft Outlook (Windows 11)": "microsoft-outlook-windows-11",
	} {
		if got := kb.Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q; want %q", in, got, want)
		}
		if got := kb.Slugify(in); got != "" && !kb.ValidID(got) {
			t.Errorf("Slugify(%q) = %q, which is not a valid id", in, got)
		}
	}
}

func TestValidID(t *testing.T) {
	for id, want := range map[string]bool{
		"expired-certificate": true, "a1": true, "": false, "-a": false, "a-": false, "a--b": false,
		"A": false, "a_b": false, "a b": false, "..": false, "é": false,
	} {
		if got := kb.ValidID(id); got != want {
			t.Errorf("ValidID(%q) = %v; want %v", id, got, want)
		}
	}
}

func TestClosest(t *testing.T) {
	names := []string{"title", "error", "steps", "summary", "solves"}
	for in, want := range map[string]string{
		"stpes": "steps", "sumary": "summary", "eror": "error", "titel": "title", "colour": "", "x": "",
	} {
		if got := kb.Closest(in, names); got != want {
			t.Errorf("Closest(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestErrorFormat(t *testing.T) {
	var l kb.ErrorList
	l.Add(kb.Pos{File: "b.yaml", Line: 2, Col: 3}, "fixes[0].steps", "must not be empty")
	l.Add(kb.Pos{File: "a.yaml"}, "", "cannot read")
	l.Add(kb.Pos{File: "b.yaml", Line: 2, Col: 3}, "fixes[0].steps", "must not be empty")
	want := "a.yaml: cannot read\nb.yaml:2:3: fixes[0].steps: must not be empty"
	if got := l.Sort().Error(); got != want {
		t.Errorf("Error() = %q; want %q", got, want)
	}
	if (kb.ErrorList{}).Err() != nil {
		t.Error("empty list Err() != nil")
	}
}

// TestFAQIDWithoutLatinWords: a question with no Latin letter or digit
// gets an anchor of its own, a valid id, the same for the same question.
func TestFAQIDWithoutLatinWords(t *testing.T) {
	a, b := kb.FAQID("なぜ接続できないのですか？"), kb.FAQID("どうすればいいですか？")
	if a == b || !kb.ValidID(a) || !kb.ValidID(b) || a != kb.FAQID(" なぜ接続できないのですか？ ") {
		t.Errorf("FAQID of two questions without Latin words: %q, %q", a, b)
	}
	for q, want := range map[string]string{
		"Why does Mail say “Cannot verify”?":    "faq-why-does-mail-say-cannot-verify",
		"Warum schlägt „Outlook für Mac“ fehl?": "faq-warum-schlagt-outlook-fur-mac-fehl",
	} {
		if got := kb.FAQID(q); got != want {
			t.Errorf("FAQID(%q) = %q, want %q", q, got, want)
		}
	}
	// Questions whose only Latin word is a product's have anchors of
	// their own too.
	c, d := kb.FAQID("Wi-Fi が遅いのはなぜ？"), kb.FAQID("Wi-Fi が切れるのはなぜ？")
	if c == d || !kb.ValidID(c) || !kb.ValidID(d) || !strings.HasPrefix(c, "faq-wi-fi-") {
		t.Errorf("FAQID of two questions with the same Latin words: %q, %q", c, d)
	}
}
