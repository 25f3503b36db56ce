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
