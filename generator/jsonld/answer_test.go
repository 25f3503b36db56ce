package jsonld_test

import (
	"testing"

	"kbgen/generator/internal/sitetest"
	"kbgen/generator/jsonld"
	"kbgen/generator/markdown"
)

// bareCases are answers' HTML as Markdown renders it, and the edges of
// what bareAnswerHTML reads: each either goes to the tokenizer or comes
// out as the tokenizer's way makes it.
var bareCases = []string{
	"<p>Plain.</p>",
	"<p>It's <strong>Settings &gt; Mail</strong>, &quot;quoted&quot; &amp; <code>a &lt; b</code>.</p>\n<p>Two.</p>",
	"<ol>\n<li>One</li>\n<li><em>Two</em></li>\n</ol>",
	"<h2>Head</h2><hr><blockquote>\n<p>q</p>\n</blockquote>",
	"<p>\"raw\" 'raw' > raw</p>",
	"<p>Line<br>break</p>",
	"<p>Line<br />break</p>",
	`<p><a href="/a/">link</a></p>`,
	"<p>&copy; &#169; &#x27; &nbsp;</p>",
	"<p>&#39; &#34;</p>",
	"<p>a\r\nb</p>",
	"<p>a\x00b</p>",
	"<P>upper</P>",
	"<p>< 5 and <5</p>",
	"<p>open <",
	"<script>x</script>",
	"<title>&amp;</title>",
	"<!-- c --><p>x</p>",
	"<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>b</td>\n</tr>\n</tbody>\n</table>",
	"<pre><code>code &amp; more\n</code></pre>",
	"<del>gone</del><span>s</span><x1>?</x1>",
	"",
	"   <p> spaced </p>   ",
	"é 😀 \u2028",
}

// TestBareAnswerHTML holds answerHTML's way without a tokenizer to its way
// with one, wherever it takes an answer, over edge cases and the FAQ
// answers of the real and 1,000 generated articles; and checks that it
// takes most of the latter (or it would save nothing).
func TestBareAnswerHTML(t *testing.T) {
	check := func(name, in string) bool {
		t.Helper()
		got, ok := jsonld.BareAnswerHTML(in)
		if !ok {
			return false
		}
		if want := jsonld.TokenAnswerHTML(in); got != want {
			t.Errorf("%s: %q\nwithout the tokenizer: %q\nwith it:               %q", name, in, got, want)
		}
		return true
	}
	taken := 0
	for _, in := range bareCases {
		if check("case", in) {
			taken++
		}
	}
	if taken < 8 {
		t.Errorf("only %d of the %d edge cases read without the tokenizer", taken, len(bareCases))
	}

	md := markdown.New()
	answers, taken := 0, 0
	for _, a := range append(realArticles(t), sitetest.Generated(t, 1000)...) {
		for _, q := range a.FAQ {
			answers++
			if check(a.URL()+"#"+q.Anchor(), md.Block(q.A.Src)) {
				taken++
			}
		}
	}
	t.Logf("%d of %d answers read without the tokenizer", taken, answers)
	if answers < 1000 || taken*2 < answers {
		t.Errorf("%d of %d answers read without the tokenizer; want most", taken, answers)
	}
}

// FuzzBareAnswerHTML: whatever bareAnswerHTML takes, it renders as the
// tokenizer's way does.
func FuzzBareAnswerHTML(f *testing.F) {
	for _, in := range bareCases {
		f.Add(in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if got, ok := jsonld.BareAnswerHTML(in); ok {
			if want := jsonld.TokenAnswerHTML(in); got != want {
				t.Errorf("%q\nwithout the tokenizer: %q\nwith it:               %q", in, got, want)
			}
		}
	})
}
