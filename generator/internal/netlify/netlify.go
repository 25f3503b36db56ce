// Package netlify matches URL paths against the path patterns of
// netlify.toml's [[headers]] rules, as Netlify does, for the tests that
// check the headers (generator/netlify_test.go) and the browser tests'
// server, which sends them.
package netlify

import "strings"

// Match reports whether the URL path p is covered by pattern: a segment
// ":name" (a placeholder) matches any one segment; a final "*" (a splat)
// matches anything after the segments before it, including nothing; a
// "*" inside a segment matches anything that ends with the rest of the
// pattern; a pattern without either matches itself, with or without a
// trailing slash.
func Match(pattern, p string) bool {
	if strings.Contains(pattern, "/:") {
		return segments(strings.Split(pattern, "/"), strings.Split(p, "/"))
	}
	prefix, rest, splat := strings.Cut(pattern, "*")
	if !splat {
		return p == pattern || p == pattern+"/"
	}
	return strings.HasPrefix(p, prefix) && strings.HasSuffix(p[len(prefix):], rest)
}

func segments(pattern, p []string) bool {
	for i, s := range pattern {
		if s == "*" && i == len(pattern)-1 {
			return true
		}
		if i >= len(p) || strings.HasPrefix(s, ":") && p[i] == "" || !strings.HasPrefix(s, ":") && s != p[i] {
			return false
		}
	}
	return len(p) == len(pattern)
}
