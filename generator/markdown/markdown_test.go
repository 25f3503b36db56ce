package markdown_test

import (
	"html"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"

	"kbgen/generator/markdown"
)

func TestHTML(t *testing.T) {
	md := markdown.New()
	for _, tc := range []struct {
		name, src, want string
	}{
		{"inline stays inline", "Tap **Settings** > *Mail*.", "Tap <strong>Settings</strong> &gt; <em>Mail</em>."},
		{"code span", "Run `ping -c 3 mail.example.com`.", "Run <code>ping -c 3 mail.example.com</code>."},
		{"raw HTML is text", "Do not <script>alert(1)</script> here", "Do not &lt;script&gt;alert(1)&lt;/script&gt; here"},
		{"HTML block is text", "<div onclick=\"x()\">hi</div>", "<p>&lt;div onclick=&quot;x()&quot;&gt;hi&lt;/div&gt;</p>"},
		{"quotes kept as written", `Tap "Trust" on the server's certificate`, "Tap &quot;Trust&quot; on the server's certificate"},
		{"https link", "See [Apple](https://support.apple.com/).", `See <a href="https://support.apple.com/">Apple</a>.`},
		{"relative link", "See [the other fix](/ios-mail/x/#y).", `See <a href="/ios-mail/x/#y">the other fix</a>.`},
		{"mailto link", "[Mail us](mailto:help@example.com)", `<a href="mailto:help@example.com">Mail us</a>`},
		{"javascript link dropped", "[click](javascript:alert(1))", "click"},
		{"data link dropped", "[click](data:text/html;base64,PHNjcmlwdD4=)", "click"},
		{"vbscript autolink as text", "<vbscript:msgbox>", "vbscript:msgbox"},
		{"heading demoted", "# Big", "<p><strong>Big</strong></p>"},
		{"template syntax is text", "{{ .Site.Title }}", "{{ .Site.Title }}"},
		{"two paragraphs are blocks", "One.\n\nTwo.", "<p>One.</p>\n<p>Two.</p>"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := md.HTML(tc.src); got != tc.want {
				t.Errorf("HTML(%q) =\n\t%s\nwant\n\t%s", tc.src, got, tc.want)
			}
		})
	}
}

// TestImages: an image of the site's files gets the file's width and
// height, so the page keeps its place while it loads; others do not.
func TestImages(t *testing.T) {
	md := markdown.New()
	md.SetImages(map[string]markdown.Image{"/shots/mail settings.png": {Width: 640, Height: 360}, "/doc.pdf": {}})
	for _, tc := range []struct{ src, want string }{
		{"![The Mail settings](</shots/mail settings.png>)", `<img src="/shots/mail%20settings.png" alt="The Mail settings" width="640" height="360" loading="lazy">`},
		{"![The *Mail* settings](</shots/mail settings.png?v=2>)", `<img src="/shots/mail%20settings.png?v=2" alt="The Mail settings" width="640" height="360" loading="lazy">`},
		{"![Written encoded](/shots/mail%20settings.png)", `<img src="/shots/mail%20settings.png" alt="Written encoded" width="640" height="360" loading="lazy">`},
		{"![Unknown](/shots/other.png)", `<img src="/shots/other.png" alt="Unknown" loading="lazy">`},
		{"![A file without a size](/doc.pdf)", `<img src="/doc.pdf" alt="A file without a size" loading="lazy">`},
	} {
		if got := md.HTML(tc.src); got != tc.want {
			t.Errorf("HTML(%q) =\n\t%s\nwant\n\t%s", tc.src, got, tc.want)
		}
	}
	if got := md.Text("Tap ![the gear](/g.svg) icon."); got != "Tap the gear icon." {
		t.Errorf("Text() of an image = %q; want its alt text", got)
	}
}

func TestCodeBlockHighlightedWithClasses(t *testing.T) {
	md := markdown.New()
	got := md.HTML("Use these settings:\n\n```ini\n[imap]\nport = 993\n```")
	for _, want := range []string{`<p>Use these settings:</p>`, `<div class="highlight" data-lang="ini">`, `<pre class="chroma">`, `<span class="k">[imap]</span>`, `993`} {
		if !strings.Contains(got, want) {
			t.Errorf("HTML() = %s\nwant it to contain %s", got, want)
		}
	}
	if strings.Contains(got, "style=") {
		t.Errorf("HTML() has inline styles: %s", got)
	}
}

func TestText(t *testing.T) {
	md := markdown.New()
	for _, tc := range []struct{ src, want string }{
		{"Tap **Settings** > [Mail](https://x.test/).", "Tap Settings > Mail."},
		{"Run `ls`\nnow.", "Run ls now."},
		{"<b>bold</b> stays literal", "<b>bold</b> stays literal"},
		{"One.\n\nTwo.", "One.\n\nTwo."},
		{"- a\n- b", "- a\n- b"},
	} {
		if got := md.Text(tc.src); got != tc.want {
			t.Errorf("Text(%q) = %q; want %q", tc.src, got, tc.want)
		}
	}
	if got := md.OneLine("One.\n\nTwo  *three*."); got != "One. Two three." {
		t.Errorf("OneLine() = %q", got)
	}
}

// TestTextIsWhatThePageShows: a field's text (its search entry, its
// structured data, its reply, its meta description) is the text its page
// shows: backslash escapes and entity references resolved as in the HTML,
// code spans as written. Texts of escapes, entities, code, links, emphasis
// and raw HTML, chosen and random.
func TestTextIsWhatThePageShows(t *testing.T) {
	md := markdown.New()
	tag := regexp.MustCompile(`<[^>]*>`)
	shown := func(block string) string {
		return strings.Join(strings.Fields(html.UnescapeString(tag.ReplaceAllString(block, ""))), " ")
	}
	texts := []string{
		`Type \*not emphasis\* and \# or \_init\_`,
		"AT&amp;T &mdash; Settings &rarr; Mail &#x41;&#66;",
		"a&nbsp;b",
		"`&amp; \\* &nbsp;` stays as written, \\& resolves",
		"[the \\_guide](https://example.com/g) &lt;b&gt; <b>raw</b>",
	}
	parts := []string{"word", " ", "\\", "\\*", "*", "**", "_", "&amp;", "&nbsp;", "&#65;", "&#x2192;", "&bogus;", "&", "`", "`c&amp;`",
		"[a](https://x.test/)", "<b>", "<https://x.test/>", "#", "\\`"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		var b strings.Builder
		for range 1 + rng.IntN(8) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		texts = append(texts, b.String())
	}
	for _, src := range texts {
		if !strings.HasPrefix(md.Block(src), "<p>") {
			continue // a list, a heading: not one line of text
		}
		if got, want := strings.Join(strings.Fields(md.OneLine(src)), " "), shown(md.Block(src)); got != want {
			t.Errorf("OneLine(%q) = %q; the page shows %q (%s)", src, got, want, md.Block(src))
		}
	}
}

// TestTableWrapped: a Markdown table is in a wrapper that scrolls it
// sideways on a narrow screen and that the keyboard can reach (a named
// region in the Tab order); its text is the cells'.
func TestTableWrapped(t *testing.T) {
	md := markdown.New()
	src := "Use these settings:\n\n| Server | Port |\n|---|---|\n| imap.example.com | 993 |"
	block := md.Block(src)
	const open = `<div class="table-wrap" role="region" aria-label="Table" tabindex="0"><table>`
	if !strings.Contains(block, open) || !strings.HasSuffix(block, "</table></div>") || strings.Count(block, "<table>") != 1 {
		t.Errorf("Block(%q) =\n%s\nwant the table in %s…</table></div>", src, block, open)
	}
	if got := md.Block("Type `<table>` here."); strings.Contains(got, "table-wrap") {
		t.Errorf("text that mentions <table> was wrapped: %s", got)
	}
}

// TestReplyText: a reply shows each link's address after its text, as
// the given function writes it, on the shortcut and through the parser
// alike; an ordered list keeps its numbers and a hard break its line.
func TestReplyText(t *testing.T) {
	md := markdown.New()
	abs := func(dest string) string {
		if strings.HasPrefix(dest, "/") || strings.HasPrefix(dest, "#") {
			return "https://kb.example.org/a/b/" + dest
		}
		return strings.TrimPrefix(dest, "mailto:")
	}
	for _, tc := range []struct{ src, want string }{
		{"Use a checker such as [SSL Labs](https://www.ssllabs.com/ssltest/).", "Use a checker such as SSL Labs (https://www.ssllabs.com/ssltest/)."},
		{"See [the other fix](#reset) and **Settings**.", "See the other fix (https://kb.example.org/a/b/#reset) and Settings."},
		{"Write to [help@example.com](mailto:help@example.com).", "Write to help@example.com."},
		{"Open <https://example.com/x>.", "Open https://example.com/x."},
		{"No link, **bold**.", "No link, bold."},
		{"Two lines with [a link](https://e.org/)\nand more.\n\n1. First\n2. [Second](https://e.org/2)", "Two lines with a link (https://e.org/) and more.\n\n1. First\n2. Second (https://e.org/2)"},
		{"Reference [x][r].\n\n[r]: https://e.org/r", "Reference x (https://e.org/r)."},
	} {
		if got := md.ReplyText(tc.src, abs); got != tc.want {
			t.Errorf("ReplyText(%q) =\n\t%q\nwant\n\t%q", tc.src, got, tc.want)
		}
	}
	if got := md.Text("Steps:\n\n3. Third\n4. Fourth\n\nLine one  \nline two"); got != "Steps:\n\n3. Third\n4. Fourth\n\nLine one\nline two" {
		t.Errorf("Text() of an ordered list and a hard break = %q", got)
	}
}

func TestCSSHasLightAndDark(t *testing.T) {
	css, err := markdown.New().CSS()
	if err != nil {
		t.Fatal(err)
	}
	// Each scheme in a query of its own (the light one for paper too), so
	// that neither's rules apply in the other: TestCodeContrast in
	// generator/e2e checks what a reader sees.
	light := strings.Index(css, "@media (prefers-color-scheme: light), print {")
	dark := strings.Index(css, "@media screen and (prefers-color-scheme: dark) {")
	if light < 0 || dark < light || !strings.Contains(css[light:dark], ".chroma .k ") || !strings.Contains(css[dark:], ".chroma .k ") {
		t.Errorf("CSS() lacks light rules, dark rules or their media queries:\n%.400s", css)
	}
}

func TestSafeURL(t *testing.T) {
	for url, want := range map[string]bool{
		"https://a.test/": true, "http://a.test": true, "mailto:x@y.z": true, "/a/b/": true, "#frag": true, "../x": true, "?q=1": true,
		"javascript:alert(1)": false, "JavaScript:alert(1)": false, " javascript:x": false, "data:text/html,x": false, "vbscript:x": false, "file:///etc/passwd": false, "ftp://x": false,
	} {
		if got := markdown.SafeURL(url); got != want {
			t.Errorf("SafeURL(%q) = %v; want %v", url, got, want)
		}
	}
}

// Expect only sizes the memory: what was rendered before stays, and what
// is rendered after is remembered.
func TestExpectKeepsWhatIsRemembered(t *testing.T) {
	r := markdown.New()
	first := r.HTML("**one** \\*")
	n := r.Len()
	if n == 0 {
		t.Fatal("nothing remembered")
	}
	r.Expect(10000)
	if r.Len() != n {
		t.Errorf("Expect changed what is remembered: %d renderings, had %d", r.Len(), n)
	}
	if got := r.HTML("**one** \\*"); got != first {
		t.Errorf("after Expect: %q; before %q", got, first)
	}
	r.Text("*two* \\*")
	if r.Len() <= n {
		t.Errorf("nothing remembered after Expect: %d", r.Len())
	}
}

func TestLinks(t *testing.T) {
	r := markdown.New()
	for _, tc := range []struct {
		src  string
		want []string
	}{
		{"No link here.", nil},
		{"See [help](https://example.com/a) and ![shot](/shot.png).", []string{"https://example.com/a", "image /shot.png alt shot"}},
		{"An image ![The *Mail* settings](/m.png) and one without alt: ![](/e.png)", []string{"image /m.png alt The Mail settings", "image /e.png alt "}},
		{"Only ![The *Mail* settings](/m.png).", []string{"image /m.png alt The Mail settings"}},
		{"A code span `[a](b)` is no link.", nil},
		{"Autolink <https://example.com/x> and mail <me@example.com>.", []string{"https://example.com/x"}},
		{"Bad [one](javascript:alert(1)) and [two](www.example.com/support).", []string{"javascript:alert(1)", "www.example.com/support"}},
		{"Reference [x][r].\n\n[r]: /ios-mail/x/#step", []string{"/ios-mail/x/#step"}},
		{"1 < 2 and a ](.", nil},
		{"x <b> and 1 < 2 <c and <https://e.org/a> and <me@example.com>", []string{"https://e.org/a"}},
	} {
		var got []string
		r.Links(tc.src, func(dest, alt string, image bool) {
			if image {
				dest = "image " + dest + " alt " + alt
			}
			got = append(got, dest)
		})
		if !slices.Equal(got, tc.want) {
			t.Errorf("Links(%q) = %q; want %q", tc.src, got, tc.want)
		}
	}
}
