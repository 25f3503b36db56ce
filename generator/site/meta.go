package site

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// TitleMax is the length of a <title> that search engines show whole.
const TitleMax = 60

// ArticleTitle is an article's <title>: the error message first, since that
// is what readers search for, then the product and what the page offers,
// dropping what does not fit in TitleMax characters. A message too long
// for that is shortened, so that the product, and the first error code
// when there is one, stay: they are what readers search for after the
// message.
func ArticleTitle(errorMsg, product string, codes []string) string {
	quoted := `"` + errorMsg + `"`
	for _, t := range []string{
		quoted + " in " + product + ": How to Fix",
		quoted + " in " + product,
		quoted + " (" + product + ")",
	} {
		if utf8.RuneCountInString(t) <= TitleMax {
			return t
		}
	}
	// The message shortened to what is left beside before and after.
	shortened := func(before, after string) (string, bool) {
		room := TitleMax - utf8.RuneCountInString(before+after) - 2
		if room < minTitleMessage {
			return "", false
		}
		return before + `"` + Cut(errorMsg, room) + `"` + after, true
	}
	if len(codes) > 0 && !strings.Contains(strings.ToLower(errorMsg), strings.ToLower(codes[0])) {
		code := codes[0]
		if t, ok := shortened(code+": ", " in "+product); ok {
			return t
		}
		for _, t := range []string{code + " in " + product + ": How to Fix", code + " in " + product} {
			if utf8.RuneCountInString(t) <= TitleMax {
				return t
			}
		}
	}
	if t, ok := shortened("", " in "+product); ok {
		return t
	}
	return `"` + Cut(errorMsg, TitleMax-2) + `"`
}

// minTitleMessage is the fewest characters of a shortened message worth a
// title: fewer, and the title says too little of it.
const minTitleMessage = 24

// ProductTitle is a product page's <title>.
func ProductTitle(product, siteName string) string {
	t := product + " error messages and fixes"
	if withSite := t + " – " + siteName; utf8.RuneCountInString(withSite) <= TitleMax {
		return withSite
	}
	return t
}

// Cut shortens s to at most n characters, cutting on a word and ending with
// "…" when it had to cut.
func Cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return strings.TrimRight(words(s, n-1), " ,;:.-–") + "…"
}

// words returns the longest start of s of at most n characters that ends
// with a whole word (a word that ends at the limit is kept), or the first
// n characters when the first word is longer, without trailing spaces.
func words(s string, n int) string {
	end, count := len(s), 0
	for i := range s {
		if count == n {
			end = i
			break
		}
		count++
	}
	cut := s[:end]
	if r, _ := utf8.DecodeRuneInString(s[end:]); end < len(s) && !unicode.IsSpace(r) {
		if i := strings.LastIndexFunc(cut, unicode.IsSpace); i > 0 {
			cut = cut[:i]
		}
	}
	return strings.TrimRightFunc(cut, unicode.IsSpace)
}
