package site

import (
	"strings"
	"unicode/utf8"
)

// TitleMax is the length of a <title> that search engines show whole.
const TitleMax = 60

// ArticleTitle is an article's <title>: the error message first, since that
// is what readers search for, then the product and what the page offers,
// dropping what does not fit in TitleMax characters.
func ArticleTitle(errorMsg, product string) string {
	quoted := `"` + errorMsg + `"`
	for _, t := range []string{
		quoted + " in " + product + ": How to Fix",
		quoted + " in " + product,
		quoted + " (" + product + ")",
		quoted,
	} {
		if utf8.RuneCountInString(t) <= TitleMax {
			return t
		}
	}
	return `"` + Cut(errorMsg, TitleMax-2) + `"`
}

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
	r := []rune(s)[:n-1]
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > 0 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:.-–") + "…"
}
