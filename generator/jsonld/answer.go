package jsonld

import (
	"slices"
	"strings"

	"golang.org/x/net/html"
)

// answerTags are the HTML elements Google shows from an FAQ answer's text.
var answerTags = []string{"h1", "h2", "h3", "h4", "h5", "h6", "br", "ol", "ul", "li", "a", "p", "div", "b", "strong", "i", "em"}

// AnswerHTML reduces rendered HTML to the elements Google shows in an
// answer: other elements (code, pre, span) are dropped with their text
// kept, and every attribute but a link's href is removed.
func AnswerHTML(s string) string {
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
					b.WriteString(` href="` + html.EscapeString(a.Val) + `"`)
				}
			}
			b.WriteString(">")
		}
	}
}
