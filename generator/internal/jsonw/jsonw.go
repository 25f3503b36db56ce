// Package jsonw writes JSON by hand, byte for byte as encoding/json
// writes it, for the files a build writes by the hundred thousand (search
// index shards, the API document), where encoding/json's reflection was
// most of the cost.
package jsonw

import "unicode/utf8"

// AppendString appends s as a JSON string, escaped byte for byte as
// encoding/json escapes it (HTML-safe: <, > and & as \u003c…, U+2028 and
// U+2029 escaped, invalid UTF-8 as U+FFFD).
func AppendString(b []byte, s string) []byte { return appendString(b, s, true) }

// AppendStringRawHTML appends s as a JSON string as an encoding/json
// Encoder with SetEscapeHTML(false) writes it: <, > and & as they are, for
// JSON that no HTML page embeds.
func AppendStringRawHTML(b []byte, s string) []byte { return appendString(b, s, false) }

// asIs[escapeHTML][c] reports the ASCII bytes written as they are: one
// load per byte of text instead of six comparisons.
var asIs = func() (t [2][256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[0][c] = c != '"' && c != '\\'
		t[1][c] = t[0][c] && c != '<' && c != '>' && c != '&'
	}
	return t
}()

func appendString(b []byte, s string, escapeHTML bool) []byte {
	const hexDigits = "0123456789abcdef"
	plain := &asIs[0]
	if escapeHTML {
		plain = &asIs[1]
	}
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		// Eight bytes at a time while none needs a look (most text is
		// long runs of them), then byte by byte through the eight that do.
		if i+8 <= len(s) && !special(load8(s, i), escapeHTML) {
			i += 8
			continue
		}
		for end := min(i+8, len(s)); i < end; {
			c := s[i]
			if c < utf8.RuneSelf {
				if plain[c] {
					i++
					continue
				}
				b = append(b, s[start:i]...)
				switch c {
				case '"', '\\':
					b = append(b, '\\', c)
				case '\b':
					b = append(b, '\\', 'b')
				case '\f':
					b = append(b, '\\', 'f')
				case '\n':
					b = append(b, '\\', 'n')
				case '\r':
					b = append(b, '\\', 'r')
				case '\t':
					b = append(b, '\\', 't')
				default:
					b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
				}
				i++
				start = i
				continue
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				b = append(b, s[start:i]...)
				b = append(b, `\ufffd`...)
				i += size
				start = i
				continue
			}
			if r == '\u2028' || r == '\u2029' {
				b = append(b, s[start:i]...)
				b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
				i += size
				start = i
				continue
			}
			i += size
		}
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// Bytes of a word, for the word-at-a-time test of special (SWAR: the
// "has a zero byte" trick of Mycroft, Hacker's Delight 6-1).
const (
	ones = 0x0101010101010101
	high = 0x8080808080808080
)

// load8 returns the eight bytes of s at i as a little-endian word (the
// compiler makes the shifts one load).
func load8(s string, i int) uint64 {
	_ = s[i+7]
	return uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
		uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
}

// special reports whether any byte of w is one appendString does not copy
// as it is: not ASCII (it may be invalid, U+2028 or U+2029), a control
// byte, '"' or '\\', or with escapeHTML '<', '>' or '&'. It has no false
// negatives; a byte above a match may be reported too, which only sends
// the word to the byte-by-byte loop.
func special(w uint64, escapeHTML bool) bool {
	m := w | (w - 0x20*ones) // high bit: not ASCII, or below 0x20
	m |= zero(w ^ '"'*ones)
	m |= zero(w ^ '\\'*ones)
	if escapeHTML {
		m |= zero(w^'<'*ones) | zero(w^'>'*ones) | zero(w^'&'*ones)
	}
	return m&high != 0
}

// zero sets the high bit of (at least) each byte of w that is zero.
func zero(w uint64) uint64 { return (w - ones) &^ w }

// AppendStrings appends ss as a JSON array of strings; a nil slice is
// null, as encoding/json writes it.
func AppendStrings(b []byte, ss []string) []byte { return appendStrings(b, ss, true) }

// AppendStringsRawHTML is AppendStrings without escaping <, > and &.
func AppendStringsRawHTML(b []byte, ss []string) []byte { return appendStrings(b, ss, false) }

func appendStrings(b []byte, ss []string, escapeHTML bool) []byte {
	return AppendArray(b, ss, func(s *string, b []byte) []byte { return appendString(b, *s, escapeHTML) })
}

// AppendArray appends xs as a JSON array, each element by f, and a nil
// slice as null, as encoding/json writes them.
func AppendArray[T any](b []byte, xs []T, f func(*T, []byte) []byte) []byte {
	if xs == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i := range xs {
		if i > 0 {
			b = append(b, ',')
		}
		b = f(&xs[i], b)
	}
	return append(b, ']')
}
