package markdown

import (
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// simpleInline renders src without the parser when it is one line whose
// only markup is what steps and causes mostly hold: code spans
// (`server.ini`), emphasis or strong emphasis set off by spaces
// (Tap **Settings > Mail**.) and inline links to http(s) or a site path
// ([the guide](https://example.com/guide)). It returns src's inline HTML,
// or with asText its plain text, and false for anything else, which then
// goes to goldmark. In the text, a link's address follows its text when
// link is not nil, as plainer writes it.
//
// Like isPlain, it accepts only text where CommonMark leaves no choice:
// no backslash escapes or entity references, no images, raw HTML or
// autolinks (a "<" or "&" must be followed by a space), no "_" but inside
// a word, no "*" but a run of one or two that opens after a space or the
// start, directly before a non-space, and is closed by a run of the same
// length before the end, a space or closing punctuation, with no "*" or
// "`" between them; a link's text is plain and its destination needs no
// escaping (simpleLink). FuzzSimpleInline holds every text it accepts to
// goldmark's renderings; at 10,000 generated articles it takes most of
// the fields isPlain does not, which were half of a build's Markdown
// parsing.
func simpleInline(src string, asText bool, link func(dest string) string) (string, bool) {
	if src == "" || !simpleStart(src) {
		return "", false
	}
	size := len(src)
	if !asText || link != nil {
		size += len(src)/4 + 16 // escapes, or the links' addresses
	}
	b := make([]byte, 0, size)
	prevSpace := true // the start counts as a space for emphasis
	for i := 0; i < len(src); {
		c := src[i]
		switch c {
		case '`':
			n := strings.IndexByte(src[i+1:], '`')
			if n <= 0 {
				return "", false // no closer, or a run of two or more
			}
			code := src[i+1 : i+1+n]
			end := i + 1 + n + 1
			if end < len(src) && src[end] == '`' || !simpleCode(code) {
				return "", false
			}
			if asText {
				b = append(b, code...)
			} else {
				b = append(b, "<code>"...)
				b = appendEscaped(b, code)
				b = append(b, "</code>"...)
			}
			i, prevSpace = end, false
			continue
		case '*':
			if !prevSpace {
				return "", false
			}
			n := 1
			if i+1 < len(src) && src[i+1] == '*' {
				n = 2
			}
			start := i + n
			m := strings.IndexByte(src[start:], '*')
			if m <= 0 || src[start] == ' ' || src[start+m-1] == ' ' {
				return "", false
			}
			inner, end := src[start:start+m], start+m+n
			if end > len(src) || src[start+m:end] != "**"[:n] || !simpleText(inner) {
				return "", false
			}
			if end < len(src) && strings.IndexByte(" .,;:!?)", src[end]) < 0 {
				return "", false
			}
			if asText {
				b = append(b, inner...)
			} else {
				tag := "em>"
				if n == 2 {
					tag = "strong>"
				}
				b = append(b, '<')
				b = append(b, tag...)
				b = appendEscaped(b, inner)
				b = append(b, "</"...)
				b = append(b, tag...)
			}
			i, prevSpace = end, false
			continue
		case '[':
			text, dest, end, ok := simpleLink(src, i)
			if !ok {
				return "", false
			}
			if asText {
				b = append(b, text...)
				if link != nil {
					if u := link(dest); u != "" && u != text {
						b = append(b, " ("...)
						b = append(b, u...)
						b = append(b, ')')
					}
				}
			} else {
				b = append(b, `<a href="`...)
				b = append(b, dest...)
				b = append(b, `">`...)
				b = appendEscaped(b, text)
				b = append(b, "</a>"...)
			}
			i, prevSpace = end, false
			continue
		}
		// Plain text up to the next code span, emphasis or link.
		j := i + strings.IndexAny(src[i:], "`*[")
		if j < i {
			j = len(src)
		}
		run := src[i:j]
		if !simpleText(run) {
			return "", false
		}
		if asText {
			b = append(b, run...)
		} else {
			b = appendEscaped(b, run)
		}
		prevSpace = run[len(run)-1] == ' '
		i = j
	}
	if prevSpace {
		return "", false // a trailing space
	}
	// b is not used again: the string is its bytes, not a copy, as
	// strings.Builder makes its String (a build renders half a gigabyte of
	// such text at 10,000 articles, and copying it doubled that).
	return unsafe.String(unsafe.SliceData(b), len(b)), true
}

// simpleLink reports whether src[i:] starts with an inline link whose
// text is plain and whose destination needs no escaping and is always
// kept (SafeURL): http or https, or a path on the site; and returns its
// text, its destination and the index just after it. An image ("![") is
// not one: the "!" is the last byte of the text before, since plain text
// runs always stop at "[".
func simpleLink(src string, i int) (text, dest string, end int, ok bool) {
	if i > 0 && src[i-1] == '!' {
		return "", "", 0, false
	}
	close := strings.IndexByte(src[i:], ']')
	if close < 2 || i+close+1 >= len(src) || src[i+close+1] != '(' {
		return "", "", 0, false
	}
	text = src[i+1 : i+close]
	if text[0] == ' ' || text[len(text)-1] == ' ' || !simpleText(text) {
		return "", "", 0, false
	}
	start := i + close + 2
	n := strings.IndexByte(src[start:], ')')
	if n <= 0 {
		return "", "", 0, false
	}
	dest = src[start : start+n]
	if !(strings.HasPrefix(dest, "https://") || strings.HasPrefix(dest, "http://") || dest[0] == '/' && !strings.HasPrefix(dest, "//")) {
		return "", "", 0, false
	}
	for k := 0; k < len(dest); k++ {
		if c := dest[k]; !isAlnum(c) && strings.IndexByte("-._~/:?#=", c) < 0 {
			return "", "", 0, false
		}
	}
	if !SafeURL(dest) { // "http://:A" is not one
		return "", "", 0, false
	}
	return text, dest, start + n + 1, true
}

// simpleStart reports a first character that begins a paragraph: a
// letter or digit (not a list's "1." or "1)"), a code span, or emphasis.
func simpleStart(src string) bool {
	c := src[0]
	switch {
	case c == '`':
		return true
	case c == '*':
		return len(src) > 1 && src[1] != ' ' && src[1] != '*' ||
			len(src) > 2 && src[1] == '*' && src[2] != ' ' && src[2] != '*'
	case c >= '0' && c <= '9':
		return !startsOrderedList(src)
	case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		return true
	case c >= utf8.RuneSelf:
		r, _ := utf8.DecodeRuneInString(src)
		return unicode.IsLetter(r) || unicode.IsDigit(r)
	}
	return false
}

// startsOrderedList reports src starting with digits and then "." or ")",
// as an ordered list's item does (to both shortcuts, which take no risk on
// what follows).
func startsOrderedList(src string) bool {
	digits := 0
	for digits < len(src) && src[digits] >= '0' && src[digits] <= '9' {
		digits++
	}
	return digits > 0 && digits < len(src) && (src[digits] == '.' || src[digits] == ')')
}

// simpleText reports text between markup that CommonMark shows as it is
// (once escaped): words, single spaces, and punctuation that starts no
// markup where it stands.
func simpleText(s string) bool {
	prevSpace := false
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if !plainRune(r) {
				return false
			}
			prevSpace = false
			i += size
			continue
		}
		switch {
		case asciiClass[c]&(classWord|classPunct|classSimple) != 0:
		case c == ' ':
			if prevSpace {
				return false
			}
			prevSpace = true
			i++
			continue
		case c == '&' || c == '<':
			if i+1 == len(s) || s[i+1] != ' ' {
				return false // an entity, raw HTML or an autolink (which may start before other markup)
			}
		case c == '_':
			if i == 0 || i+1 == len(s) || !isAlnum(s[i-1]) || !isAlnum(s[i+1]) {
				return false
			}
		default:
			return false
		}
		prevSpace = false
		i++
	}
	return true
}

// simpleCode reports the content of a code span shown as it is: no space
// at either end (CommonMark would strip one from each), no control
// character, and no space but ASCII's (the text form trims Unicode spaces
// at its ends, as `\u00a0` taught the fuzzer).
func simpleCode(s string) bool {
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < ' ' || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || unicode.IsSpace(r) {
			return false
		}
		i += size
	}
	return true
}

func isAlnum(c byte) bool { return asciiClass[c]&classWord != 0 }

// plainRune reports a non-ASCII rune that both shortcuts show as it is: a
// letter, a digit, or typographic punctuation that starts no markup.
func plainRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("’‘“”…–—«»", r)
}

// What an ASCII character is to the shortcuts, by byte: a table rather
// than a search of a string of punctuation for each character of every
// field (the shortcuts see nearly every field of a build several times).
const (
	classWord   = 1 << iota // a letter or a digit
	classPunct              // punctuation isPlain accepts: .,;:?!'"/%$@=+()-
	classSimple             // punctuation simpleText accepts as well: | # >
	classEscape             // escaped in HTML text: & < > " and NUL
)

// escapeAt returns the index of the first byte of s that HTML text
// escapes, or -1.
func escapeAt(s string) int {
	for i := 0; i < len(s); i++ {
		if asciiClass[s[i]]&classEscape != 0 {
			return i
		}
	}
	return -1
}

var asciiClass = func() (t [256]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = classWord, classWord
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = classWord
	}
	for _, c := range ".,;:?!'\"/%$@=+()-" {
		t[c] = classPunct
	}
	for _, c := range "|#>" {
		t[c] = classSimple
	}
	for _, c := range "&<>\"\x00" {
		t[c] |= classEscape
	}
	return t
}()

// appendEscaped appends s escaped as goldmark escapes text.
func appendEscaped(b []byte, s string) []byte {
	for {
		i := escapeAt(s)
		if i < 0 {
			return append(b, s...)
		}
		b = append(b, s[:i]...)
		switch s[i] {
		case '&':
			b = append(b, "&amp;"...)
		case '<':
			b = append(b, "&lt;"...)
		case '>':
			b = append(b, "&gt;"...)
		case '"':
			b = append(b, "&quot;"...)
		case 0:
			b = append(b, "\ufffd"...) // as util.EscapeHTML; never reached: the shortcut refuses control characters
		}
		s = s[i+1:]
	}
}
