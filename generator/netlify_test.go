package main

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pelletier/go-toml/v2"
	"github.com/spf13/afero"

	"kbgen/generator/build"
	"kbgen/generator/internal/netlify"
)

// netlifyConfig is netlify.toml; decoding it strictly catches a misspelled
// table or key, which Netlify would silently ignore.
type netlifyConfig struct {
	Build struct {
		Command     string            `toml:"command"`
		Publish     string            `toml:"publish"`
		Environment map[string]string `toml:"environment"`
	} `toml:"build"`
	Headers []netlifyHeaders `toml:"headers"`
}

type netlifyHeaders struct {
	For    string            `toml:"for"`
	Values map[string]string `toml:"values"`
}

// matches reports whether the URL path p is covered by the rule, as Netlify
// (and the browser tests' server) match (internal/netlify).
func (r netlifyHeaders) matches(p string) bool { return netlify.Match(r.For, p) }

func readNetlify(t *testing.T) netlifyConfig {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "netlify.toml"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg netlifyConfig
	d := toml.NewDecoder(bytes.NewReader(data))
	d.DisallowUnknownFields()
	if err := d.Decode(&cfg); err != nil {
		t.Fatalf("netlify.toml: %v", err)
	}
	return cfg
}

// headersFor returns the headers Netlify sends for the URL path p: every
// matching rule applies, in order, a later one overriding a header an
// earlier one set.
func (cfg netlifyConfig) headersFor(p string) map[string]string {
	h := make(map[string]string)
	for _, r := range cfg.Headers {
		if r.matches(p) {
			for k, v := range r.Values {
				h[k] = v
			}
		}
	}
	if h["Cache-Control"] == "" {
		h["Cache-Control"] = netlifyDefaultCache
	}
	return h
}

// netlifyDefaultCache is what Netlify sends when no rule sets Cache-Control.
const netlifyDefaultCache = "public, max-age=0, must-revalidate"

// overlaps lists the headers that two rules matching p both set: how
// Netlify merges such values is not something to rely on.
func (cfg netlifyConfig) overlaps(p string) []string {
	var out []string
	set := make(map[string]string)
	for _, r := range cfg.Headers {
		if !r.matches(p) {
			continue
		}
		for k := range r.Values {
			if prev, ok := set[k]; ok {
				out = append(out, k+" set by "+prev+" and "+r.For)
			}
			set[k] = r.For
		}
	}
	return out
}

// wantCSP is the Content-Security-Policy every response carries. The
// browser tests (generator/e2e) read the same file.
func wantCSP(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "csp.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(data))
}

// securityHeaders are the headers every response must carry, the CSP aside.
var securityHeaders = map[string]string{
	"X-Content-Type-Options":    "nosniff",
	"X-Frame-Options":           "DENY",
	"Referrer-Policy":           "strict-origin-when-cross-origin",
	"Strict-Transport-Security": "max-age=63072000; includeSubDomains; preload",
}

const (
	cacheForever    = "public, max-age=31536000, immutable"
	cacheRevalidate = "public, max-age=0, must-revalidate"
)

// TestCSPIsStrict checks the policy of generator/testdata/csp.txt directive
// by directive: only the site's own origin, no inline script or eval, no
// plugins, no framing, no foreign <base> or form target.
func TestCSPIsStrict(t *testing.T) {
	csp := wantCSP(t)
	directives := make(map[string][]string)
	for _, d := range strings.Split(csp, ";") {
		f := strings.Fields(d)
		if len(f) == 0 {
			t.Errorf("empty directive in %q", csp)
			continue
		}
		if _, dup := directives[f[0]]; dup {
			t.Errorf("directive %s appears twice (browsers ignore the second)", f[0])
		}
		directives[f[0]] = f[1:]
	}
	want := map[string][]string{
		"default-src":     {"'self'"},
		"script-src":      {"'self'"},
		"style-src":       {"'self'"},
		"img-src":         {"'self'", "data:"},
		"connect-src":     {"'self'"},
		"form-action":     {"'self'"},
		"frame-ancestors": {"'none'"},
		"base-uri":        {"'self'"},
		"object-src":      {"'none'"},
	}
	for name, sources := range want {
		if !slices.Equal(directives[name], sources) {
			t.Errorf("%s = %q; want %q", name, directives[name], sources)
		}
	}
	for name := range directives {
		if _, ok := want[name]; !ok {
			t.Errorf("unexpected directive %s: add it to this test if it is meant", name)
		}
	}
	for _, name := range []string{"default-src", "script-src", "style-src"} {
		for _, s := range directives[name] {
			if strings.HasPrefix(s, "'unsafe-") || s == "*" || s == "data:" || s == "http:" || s == "https:" || s == "blob:" {
				t.Errorf("%s allows %s", name, s)
			}
		}
	}
}

// TestNetlifyHeaders checks the headers of netlify.toml on every file a
// build of the repository's site writes: each response carries the CSP of
// generator/testdata/csp.txt and the security headers; a fingerprinted file
// (a content hash in its name) is cached for a year, anything else (pages,
// icons, feeds) is revalidated on every visit.
func TestNetlifyHeaders(t *testing.T) {
	cfg := readNetlify(t)
	if len(cfg.Headers) == 0 || cfg.Headers[0].For != "/*" {
		t.Fatal(`netlify.toml: the first [[headers]] rule must be for "/*", so that the specific rules after it override it`)
	}
	csp := wantCSP(t)

	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	out := afero.NewMemMapFs()
	_, err = build.Run(context.Background(), build.Options{
		Project: afero.NewReadOnlyFs(afero.NewBasePathFs(afero.NewOsFs(), root)),
		Dest:    out,
	})
	if err != nil {
		t.Fatalf("building the repository's site: %v", err)
	}
	fingerprinted := regexp.MustCompile(`\.[0-9a-f]{12,64}\.(css|js|json)$`)
	var forever, revalidate, copies, apis int
	err = afero.Walk(out, "/public", func(p string, info fs.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		name := strings.TrimPrefix(filepath.ToSlash(p), "/public")
		if strings.HasPrefix(path.Base(name), "_") {
			return nil // _redirects: read by Netlify, never served
		}
		url := strings.TrimSuffix(name, "index.html") // pretty URLs: /ios-mail/x/
		h := cfg.headersFor(url)
		for _, o := range cfg.overlaps(url) {
			t.Errorf("%s: %s", url, o)
		}
		if h["Content-Security-Policy"] != csp {
			t.Errorf("%s: Content-Security-Policy = %q; want generator/testdata/csp.txt: %q", url, h["Content-Security-Policy"], csp)
		}
		for k, v := range securityHeaders {
			if h[k] != v {
				t.Errorf("%s: %s = %q; want %q", url, k, h[k], v)
			}
		}
		if pp := h["Permissions-Policy"]; !strings.Contains(pp, "camera=()") || !strings.Contains(pp, "microphone=()") ||
			!strings.Contains(pp, "geolocation=()") || !(strings.Contains(pp, "browsing-topics=()") || strings.Contains(pp, "interest-cohort=()")) {
			t.Errorf("%s: Permissions-Policy = %q; want camera, microphone, geolocation and browsing-topics off", url, pp)
		}
		// The copies for tools and agents: not indexed, their charset named.
		var wantType, wantRobots, wantOrigin string
		switch {
		case strings.Count(name, "/") == 3 && strings.HasSuffix(name, "/index.md"):
			wantType, wantRobots = "text/markdown; charset=utf-8", "noindex"
			copies++
		case strings.Count(name, "/") == 3 && strings.HasSuffix(name, "/reply.txt"):
			wantType, wantRobots = "text/plain; charset=utf-8", "noindex"
			copies++
		case name == "/llms.txt":
			wantType, wantRobots = "text/plain; charset=utf-8", "noindex"
		case strings.HasPrefix(name, "/api/"):
			wantRobots, wantOrigin = "noindex", "*"
			apis++
		}
		if h["Content-Type"] != wantType || h["X-Robots-Tag"] != wantRobots {
			t.Errorf("%s: Content-Type %q, X-Robots-Tag %q; want %q, %q", url, h["Content-Type"], h["X-Robots-Tag"], wantType, wantRobots)
		}
		// Help desks' scripts read the API from their own origin; nothing
		// else is shared with other origins.
		if h["Access-Control-Allow-Origin"] != wantOrigin {
			t.Errorf("%s: Access-Control-Allow-Origin %q; want %q", url, h["Access-Control-Allow-Origin"], wantOrigin)
		}
		switch cc := h["Cache-Control"]; {
		case fingerprinted.MatchString(name):
			forever++
			if cc != cacheForever {
				t.Errorf("%s is fingerprinted: Cache-Control = %q; want %q", url, cc, cacheForever)
			}
		default:
			revalidate++
			if cc != cacheRevalidate {
				t.Errorf("%s is not fingerprinted: Cache-Control = %q; want %q", url, cc, cacheRevalidate)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if apis < 8 {
		t.Errorf("checked %d files under /api/; the build is missing the API's catalog or its articles", apis)
	}
	if copies < 10 {
		t.Errorf("checked %d index.md and reply.txt files; the build is missing them", copies)
	}
	if forever < 5 || revalidate < 10 {
		t.Errorf("checked %d fingerprinted and %d other files; the build is missing", forever, revalidate)
	}
}

// TestNetlifyHeaderRulesCatch shows that the checks above fail on the
// mistakes they are for: two rules setting one header for a file, and a
// fingerprinted folder without its caching rule.
func TestNetlifyHeaderRulesCatch(t *testing.T) {
	cfg := netlifyConfig{Headers: []netlifyHeaders{
		{For: "/*", Values: map[string]string{"Cache-Control": cacheRevalidate}},
		{For: "/css/*", Values: map[string]string{"Cache-Control": cacheForever}},
	}}
	if o := cfg.overlaps("/css/site.min.0123456789ab.css"); len(o) != 1 {
		t.Errorf("overlaps = %q; want the Cache-Control of /* and /css/*", o)
	}
	if got := cfg.headersFor("/js/search.min.0123456789ab.js")["Cache-Control"]; got == cacheForever {
		t.Errorf("a folder without a rule is cached forever: %q", got)
	}
}
