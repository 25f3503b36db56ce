package markdown_test

import (
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/renderer/html"

	"kbgen/generator/markdown"
)

// TestEscapeHTML checks that, once escaped, a writer's text rendered by a
// Markdown tool that lets raw HTML through (as a tool reading index.md
// may) holds no element the writer typed, and that code, autolinks and
// a lone "<" are as they were.
func TestEscapeHTML(t *testing.T) {
	r := markdown.New()
	tool := goldmark.New(goldmark.WithRendererOptions(html.WithUnsafe()))
	for _, tc := range []struct{ in, want string }{
		{"No HTML.", "No HTML."},
		{"T <img src=x onerror=alert(8)>", `T \<img src=x onerror=alert(8)>`},
		{"Tap <b>Done</b>.", `Tap \<b>Done\</b>.`},
		{"1 < 2 and a <- arrow", "1 < 2 and a <- arrow"},
		{"See <https://example.com/> or <me@example.com>.", "See <https://example.com/> or <me@example.com>."},
		{"Type `<br>` or ``a `<b>` b`` here <i>.", "Type `<br>` or ``a `<b>` b`` here \\<i>."},
		{"\\`<img src=x onerror=alert(1)>`", "\\`\\<img src=x onerror=alert(1)>`"},
		{"<!-- c --> <?php", `\<!-- c --> \<?php`},
		{"Set it:\n\n```html\n<p>hi</p>\n~~~\n```\n\nThen <img src=x onerror=alert(2)>.", "Set it:\n\n```html\n<p>hi</p>\n~~~\n```\n\nThen \\<img src=x onerror=alert(2)>."},
		{"<div>\n<img src=x onerror=alert(3)>\n</div>", "\\<div>\n\\<img src=x onerror=alert(3)>\n\\</div>"},
	} {
		got := r.EscapeHTML(tc.in)
		if got != tc.want {
			t.Errorf("EscapeHTML(%q) =\n  %q\nwant\n  %q", tc.in, got, tc.want)
		}
		var out strings.Builder
		if err := tool.Convert([]byte(got), &out); err != nil {
			t.Fatal(err)
		}
		for _, tag := range []string{"<img", "<b>", "<i>", "<div", "<!--", "<?php"} {
			if strings.Contains(out.String(), tag) {
				t.Errorf("%q escaped as %q still renders %s as HTML: %s", tc.in, got, tag, out.String())
			}
		}
	}
}
