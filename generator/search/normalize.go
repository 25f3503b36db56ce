// Package search builds the site's search index from the article model:
// which text is the error message, a code, a fix title or a step is known,
// so each is weighted by meaning. The index is sharded so that a query
// downloads only what its words need; static/js/search.js queries it.
//
// Normalize and Tokens here and normalize/tokens in search.js must agree:
// testdata/tokens.json holds the cases both test suites run.
package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/unicode/norm"
)

// Normalize folds what a reader may type differently: case, diacritics,
// curly quotes and apostrophes, and contractions (can't, cannot, can not).
func Normalize(s string) string {
	if ascii(s) {
		// Nothing to decompose or fold but case: most text of an index.
		s = asciiLower(s)
	} else {
		s = fold(s)
	}
	// Every contraction has "n't" or "can": most text has neither, and
	// two scans tell, not one per contraction.
	if strings.Contains(s, "n't") || strings.Contains(s, "can") {
		for _, c := range contractions {
			if strings.Contains(s, c[0]) {
				s = replaceWord(s, c[0], c[1])
			}
		}
	}
	return s
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' || c == '`' {
			// One allocation, handed back as the string (nothing else
			// holds it): []byte(s) and back to a string were two.
			b := make([]byte, len(s))
			copy(b, s[:i])
			for j := i; j < len(s); j++ {
				b[j] = lowerASCII[s[j]]
			}
			return unsafe.String(&b[0], len(b))
		}
	}
	return s
}

// lowerASCII folds an ASCII byte as Normalize does: a capital to its
// small letter, a backquote to an apostrophe.
var lowerASCII = func() (t [utf8.RuneSelf]byte) {
	for c := range t {
		t[c] = byte(c)
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = byte(c) + 'a' - 'A'
	}
	t['`'] = '\''
	return t
}()

// fold is Normalize's folding of text beyond ASCII.
func fold(s string) string {
	// Invalid UTF-8 first becomes U+FFFD, as the browser decodes it; left
	// in, a bad byte would stop the decomposition of the rune after it.
	s = norm.NFKD.String(strings.ToValidUTF8(s, "\uFFFD"))
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue // a combining mark: é → e
		case r == '\u2018' || r == '\u2019' || r == '\u02bc' || r == '`' || r == '\u00b4':
			r = '\''
		case r == '\u201c' || r == '\u201d' || r == '\u201e' || r == '\u00ab' || r == '\u00bb':
			r = '"'
		case r == '\u2013' || r == '\u2014' || r == '\u2212':
			r = '-'
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

var contractions = [][2]string{
	{"can't", "cannot"}, {"cant", "cannot"}, {"can not", "cannot"}, {"won't", "will not"}, {"couldn't", "could not"},
	{"doesn't", "does not"}, {"don't", "do not"}, {"isn't", "is not"}, {"wasn't", "was not"},
	{"didn't", "did not"}, {"aren't", "are not"}, {"wouldn't", "would not"}, {"shouldn't", "should not"},
	{"haven't", "have not"}, {"hasn't", "has not"},
}

// replaceWord replaces old by new where old stands as whole words.
func replaceWord(s, old, new string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, old)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		end := i + len(old)
		if (i == 0 || !isWord(s[i-1])) && (end == len(s) || !isWord(s[end])) {
			b.WriteString(s[:i])
			b.WriteString(new)
		} else {
			b.WriteString(s[:end])
		}
		s = s[end:]
	}
}

func isWord(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' }

// A Token is a word of a text with its position (the index of the word in
// the text, so that adjacent words have adjacent positions).
type Token struct {
	Term string
	Pos  int
}

// joiners may stand inside a token: error codes and identifiers keep them
// (0x800ccc0e, err_cert_authority_invalid, 5.7.1, net::err_cert_date_invalid,
// wi-fi, c:\windows\temp), and are also split on them.
const joiners = "_.:-/\\"

// Tokens splits normalized text into terms. An identifier with joiners is
// kept whole and also split into its parts; possessive 's and apostrophes
// are dropped; one-character parts and stop words are not terms.
func Tokens(text string) []Token {
	return AppendTokens(make([]Token, 0, len(text)/8), text)
}

// AppendTokens appends the Tokens of text to out: an indexer reuses one
// slice for every text.
func AppendTokens(out []Token, text string) []Token {
	s := Normalize(text)
	pos := 0
	for i := 0; i < len(s); {
		// A field is a run of letters, digits, apostrophes and joiners,
		// or a run of Chinese or Japanese letters. The scan notes the
		// joiners and apostrophes it passes: most words have neither, and
		// need no trimming or splitting.
		start := i
		cjk := false
		var marks byte
		for i < len(s) {
			if c := s[i]; c < utf8.RuneSelf {
				k := tokenByte[c]
				if k == 0 || cjk {
					break
				}
				marks |= k
				i++
				continue
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			if !unicode.IsLetter(r) || i > start && isCJK(r) != cjk {
				break
			}
			cjk = isCJK(r)
			i += size
		}
		if i == start {
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
			continue
		}
		w := s[start:i]
		if cjk {
			// No spaces between words: every two letters in a row are a
			// term, so any part of a phrase of two letters or more finds
			// it, as CJK analyzers do; a letter alone is a term.
			rs := []rune(w)
			if len(rs) == 1 {
				out = append(out, Token{w, pos})
				pos++
			}
			for k := 0; k+1 < len(rs); k++ {
				out = append(out, Token{string(rs[k : k+2]), pos})
				pos++
			}
			continue
		}
		if marks&(joinerByte|apostropheByte) != 0 {
			if isEdge(w[0]) || isEdge(w[len(w)-1]) {
				w = strings.Trim(w, joiners+"'")
			}
			if marks&apostropheByte != 0 {
				w = strings.TrimSuffix(w, "'s")
				if strings.IndexByte(w, '\'') >= 0 {
					w = strings.ReplaceAll(w, "'", "")
				}
			}
			if w == "" {
				continue
			}
			if marks&joinerByte != 0 && strings.ContainsAny(w, joiners) {
				out = append(out, Token{w, pos})
				for _, part := range strings.FieldsFunc(w, func(r rune) bool { return strings.ContainsRune(joiners, r) }) {
					if utf8.RuneCountInString(part) > 1 && !isStopWord(part) {
						out = append(out, Token{part, pos})
					}
				}
				pos++
				continue
			}
		}
		if utf8.RuneCountInString(w) > 1 && !isStopWord(w) {
			out = append(out, Token{w, pos})
		}
		pos++
	}
	return out
}

// isCJK reports a letter of Chinese or Japanese, written without spaces
// between words: Han, Hiragana, Katakana. (Korean has spaces, and NFKD
// splits its syllables into letters: its words stay words.)
func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana)
}

// tokenByte says which ASCII bytes a token is made of, and which kind
// each is; beyond ASCII, letters.
var tokenByte = func() (t [utf8.RuneSelf]byte) {
	for c := byte(0); c < utf8.RuneSelf; c++ {
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			t[c] = wordByte
		case c == '\'':
			t[c] = apostropheByte
		case strings.IndexByte(joiners, c) >= 0:
			t[c] = joinerByte
		}
	}
	return t
}()

// Kinds of the bytes of a token (tokenByte), bits so that a scan can
// gather them.
const (
	wordByte       = 1 << iota // a letter or a digit
	joinerByte                 // one of joiners
	apostropheByte             // '
)

// isEdge says whether a token's first or last byte c is trimmed: a
// joiner or an apostrophe.
func isEdge(c byte) bool { return c < utf8.RuneSelf && tokenByte[c] > wordByte }

// isStopWord says whether w is a stop word; a word longer than the
// longest (most words) is not looked up.
func isStopWord(w string) bool { return len(w) <= maxStopWord && stopWords[w] }

// maxStopWord is the length of the longest stop word.
var maxStopWord = func() (n int) {
	for w := range stopWords {
		n = max(n, len(w))
	}
	return n
}()

// stopWords are too common to find anything by; a query ignores them too.
var stopWords = map[string]bool{
	"a": true, "an": true, "and": true, "are": true, "as": true, "at": true, "be": true, "by": true,
	"for": true, "from": true, "if": true, "in": true, "into": true, "is": true, "it": true, "its": true,
	"of": true, "on": true, "or": true, "that": true, "the": true, "then": true, "this": true, "to": true,
	"was": true, "will": true, "with": true, "you": true, "your": true,
}
