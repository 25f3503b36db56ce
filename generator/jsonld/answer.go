package jsonld

import (
	neturl "net/url"
	"slices"
	"strings"

	"golang.org/x/net/html"
)

// answerTags are the HTML elements Google shows from an FAQ answer's text.
var answerTags = []string{"h1", "h2", "h3", "h4", "h5", "h6", "br", "ol", "ul", "li", "a", "p", "div", "b", "strong", "i", "em"}

// AnswerHTML reduces rendered HTML to the elements Google shows in an
// answer: other elements (code, pre, span) are dropped with their text
// kept, and every attribute but a link's href is removed.
func AnswerHTML(s string) string { return answerHTML(s, nil) }

// answerHTML is AnswerHTML with every link's href made absolute against
// base (when base is not nil): the answer is read from the JSON-LD alone,
// where "#fix" or "/product/error/" point nowhere.
func answerHTML(s string, base *neturl.URL) string {
	if out, ok := bareAnswerHTML(s); ok {
		return out
	}
	return tokenAnswerHTML(s, base)
}

// tokenAnswerHTML is answerHTML through html's tokenizer.
func tokenAnswerHTML(s string, base *neturl.URL) string {
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return strings.TrimSpace(b.String())
		case html.TextToken:
			b.WriteString(html.EscapeString(string(z.Text())))
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			if !slices.Contains(answerTags, tok.Data) {
				continue
			}
			if tt == html.EndTagToken {
				b.WriteString("</" + tok.Data + ">")
				continue
			}
			b.WriteString("<" + tok.Data)
			for _, a := range tok.Attr {
				if tok.Data == "a" && a.Key == "href" {
					b.WriteString(` href="` + html.EscapeString(resolve(base, a.Val)) + `"`)
				}
			}
			b.WriteString(">")
		}
	}
}

// resolve makes href absolute against base; it returns href as it is when
// there is no base or href does not parse.
func resolve(base *neturl.URL, href string) string {
	if base == nil {
		return href
	}
	u, err := neturl.Parse(href)
	if err != nil {
		return href
	}
	return base.ResolveReference(u).String()
}

// bareTags are the elements bareAnswerHTML reads: those Google shows and
// those Markdown renders without attributes (a code span, a quote, a
// table's rows), none of whose text is raw (as a script's or a title's is).
var bareTags = append([]string{"code", "pre", "del", "blockquote", "hr", "table", "thead", "tbody", "tr", "th", "td", "span"}, answerTags...)

// bareAnswerHTML is answerHTML without a tokenizer, for what most answers
// are: text and tags without attributes (<p>, <code>, <strong>), so no
// link to resolve. Its text is re-escaped as the tokenizer's text is
// re-escaped by html.EscapeString; it reports false for anything else
// (an attribute, a comment, an entity Markdown does not write, a
// carriage return or a NUL the tokenizer would change), which then goes
// to the tokenizer. TestBareAnswerHTML holds the two to the same output.
func bareAnswerHTML(s string) (string, bool) {
	b := make([]byte, 0, len(s)+len(s)/8)
	for i := 0; i < len(s); {
		switch c := s[i]; c {
		case '<':
			j := strings.IndexByte(s[i:], '>')
			if j < 0 {
				return "", false
			}
			name, end := s[i+1:i+j], false
			if strings.HasPrefix(name, "/") {
				name, end = name[1:], true
			}
			if !bareName(name) || !slices.Contains(bareTags, name) {
				return "", false
			}
			if slices.Contains(answerTags, name) {
				b = append(b, '<')
				if end {
					b = append(b, '/')
				}
				b = append(b, name...)
				b = append(b, '>')
			}
			i += j + 1
			continue
		case '&':
			var out string
			for _, e := range [...]struct{ in, out string }{
				{"&quot;", "&#34;"}, {"&amp;", "&amp;"}, {"&lt;", "&lt;"}, {"&gt;", "&gt;"}, {"&#39;", "&#39;"}, {"&#34;", "&#34;"},
			} {
				if strings.HasPrefix(s[i:], e.in) {
					out = e.in
					b = append(b, e.out...)
					break
				}
			}
			if out == "" {
				return "", false
			}
			i += len(out)
			continue
		case '\'':
			b = append(b, "&#39;"...)
		case '"':
			b = append(b, "&#34;"...)
		case '>':
			b = append(b, "&gt;"...)
		case 0, '\r':
			return "", false
		default:
			b = append(b, c)
		}
		i++
	}
	return strings.TrimSpace(string(b)), true
}

// bareName reports a tag name as the tokenizer reads it unchanged: a
// lower-case letter, then lower-case letters and digits.
func bareName(name string) bool {
	if name == "" || name[0] < 'a' || name[0] > 'z' {
		return false
	}
	for i := 1; i < len(name); i++ {
		if c := name[i]; (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}
