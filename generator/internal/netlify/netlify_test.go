package netlify

import "testing"

func TestMatch(t *testing.T) {
	for _, tc := range []struct {
		pattern, path string
		want          bool
	}{
		{"/*", "/", true},
		{"/*", "/ios-mail/x/", true},
		{"/css/*", "/css/site.min.0123.css", true},
		{"/css/*", "/js/a.js", false},
		{"/llms.txt", "/llms.txt", true},
		{"/search", "/search/", true},
		{"/:product/:error/index.md", "/ios-mail/cannot-verify-server-identity/index.md", true},
		{"/:product/:error/index.md", "/ios-mail/index.md", false},
		{"/:product/:error/index.md", "/a/b/c/index.md", false},
		{"/:product/:error/index.md", "//x/index.md", false},
		{"/:product/:error/reply.txt", "/ios-mail/x/index.md", false},
		{"/api/*", "/api/articles.json", true},
		{"/api/*", "/api/articles/ios-mail/cannot-verify-server-identity.json", true},
		{"/:product/*", "/ios-mail/x/y", true},
	} {
		if got := Match(tc.pattern, tc.path); got != tc.want {
			t.Errorf("Match(%q, %q) = %v; want %v", tc.pattern, tc.path, got, tc.want)
		}
	}
}
