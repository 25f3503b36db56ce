package kb

import "strings"

// fold maps the accented Latin letters writers are likely to use to their
// ASCII base, so "Outlook für Mac" slugs as "outlook-fur-mac".
var fold = func() map[rune]string {
	m := make(map[rune]string)
	for base, accented := range map[string]string{
		"a": "àáâãäåāăą", "c": "çćĉċč", "d": "ďđ", "e": "èéêëēĕėęě", "g": "ĝğġģ",
		"h": "ĥħ", "i": "ìíîïĩīĭįı", "j": "ĵ", "k": "ķ", "l": "ĺļľŀł", "n": "ñńņňŉ",
		"o": "òóôõöøōŏő", "r": "ŕŗř", "s": "śŝşš", "t": "ţťŧ", "u": "ùúûüũūŭůűų",
		"w": "ŵ", "y": "ýÿŷ", "z": "źżž", "ae": "æ", "oe": "œ", "ss": "ß", "th": "þ",
	} {
		for _, r := range accented {
			m[r] = base
		}
	}
	return m
}()

// Slugify turns a name into a slug: lowercase ASCII letters and digits,
// words joined by single hyphens. "iOS Mail" becomes "ios-mail". The result
// is stable: the same name always gives the same slug.
func Slugify(s string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(s) {
		var part string
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			part = string(r)
		case r == '\'' || r == '\u2019':
			continue // "can't" → "cant", not "can-t"
		default:
			part = fold[r]
		}
		if part == "" {
			hyphen = b.Len() > 0
			continue
		}
		if hyphen {
			b.WriteByte('-')
			hyphen = false
		}
		b.WriteString(part)
	}
	out := b.String()
	if len(out) > 80 {
		out = strings.TrimRight(out[:80], "-")
		if i := strings.LastIndexByte(out, '-'); i > 40 {
			out = out[:i]
		}
	}
	return out
}
