package export

import "testing"

func TestEscapeHTML(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"No HTML.", "No HTML."},
		{"T <img src=x onerror=alert(8)>", `T \<img src=x onerror=alert(8)>`},
		{"Tap <b>Done</b>.", `Tap \<b>Done\</b>.`},
		{"1 < 2 and a <- arrow", "1 < 2 and a <- arrow"},
		{"See <https://example.com/> or <me@example.com>.", "See <https://example.com/> or <me@example.com>."},
		{"Type `<br>` or ``a `<b>` b`` here <i>.", "Type `<br>` or ``a `<b>` b`` here \\<i>."},
		{"Unclosed ` <b>", "Unclosed ` \\<b>"},
		{"<!-- c --> <?php", `\<!-- c --> \<?php`},
		{"Set it:\n\n```html\n<p>hi</p>\n```\n\nThen <b>save</b>.", "Set it:\n\n```html\n<p>hi</p>\n```\n\nThen \\<b>save\\</b>."},
	} {
		if got := escapeHTML(tc.in); got != tc.want {
			t.Errorf("escapeHTML(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}
