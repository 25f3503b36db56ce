package build_test

import (
	"context"
	"kbgen/generator/internal/golden"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"

	"kbgen/generator/build"
	"kbgen/generator/internal/sitetest"
	"kbgen/generator/kb"
)

const seedPage = "public/ios-mail/cannot-verify-server-identity/index.html"

func TestSeedBuildsEveryPage(t *testing.T) {
	s := sitetest.Test(t, sitetest.Seed(t))
	if s.Report.Articles != 1 {
		t.Errorf("Report.Articles = %d; want 1", s.Report.Articles)
	}
	s.AssertFile(seedPage,
		`<h1>How to Fix "Cannot verify server identity" (iOS Mail)</h1>`,
		`id=expired-certificate`, `id=accept-certificate-step-3`, `id=contact-provider-step-4`,
		`href=#accept-certificate`,
	)
	s.AssertFile("public/index.html", `href=/ios-mail/`, `href=/ios-mail/cannot-verify-server-identity/`)
	s.AssertFile("public/ios-mail/index.html", `href=/ios-mail/cannot-verify-server-identity/`)
	s.AssertFile("public/404.html", "Page not found")
	s.AssertFile("public/sitemap.xml", "https://kb.example.org/ios-mail/cannot-verify-server-identity/", "<lastmod>2026-11-28")
	s.AssertFile("public/index.xml", "<rss", "Cannot verify server identity")

	// CSS is minified, fingerprinted and carries the generated chroma rules.
	var css []string
	for _, f := range s.Files() {
		if strings.HasPrefix(f, "/public/css/") {
			css = append(css, f)
		}
	}
	if len(css) != 1 || !regexp.MustCompile(`^/public/css/site\.min\.[0-9a-f]{64}\.css$`).MatchString(css[0]) {
		t.Fatalf("CSS files = %q; want one fingerprinted site.min.<sha256>.css", css)
	}
	s.AssertFile(strings.TrimPrefix(css[0], "/"), ".chroma", "prefers-color-scheme:dark")

	for _, f := range s.Files() {
		// Every file, images too: the acceptance is a plain grep -r '{{' public/.
		if !strings.HasPrefix(f, "/public/") {
			continue
		}
		if c := s.File(strings.TrimPrefix(f, "/")); strings.Contains(c, "{{") {
			t.Errorf("%s contains a template leftover {{", f)
		}
	}
}

// TestSeedFaithful checks that every sentence of the seed article (the
// writers' original text, testdata/seed.txt) is on the built page: nothing
// dropped, nothing reworded. Quote marks are ignored (the YAML marks UI
// labels in bold instead of quotes), as is the number glued to each fix
// title in the seed's plain-text export.
func TestSeedFaithful(t *testing.T) {
	seed, err := os.ReadFile("testdata/seed.txt")
	if err != nil {
		t.Fatal(err)
	}
	s := sitetest.Test(t, sitetest.Seed(t))
	page := normalize(visibleText(t, s.File(seedPage)))
	fixTitle := regexp.MustCompile(`^[0-9]+(\D)`)
	n := 0
	for _, line := range strings.Split(string(seed), "\n") {
		line = strings.TrimPrefix(strings.TrimSpace(line), "- ")
		line = fixTitle.ReplaceAllString(line, "$1")
		for _, sentence := range sentences(line) {
			n++
			if want := normalize(sentence); !strings.Contains(page, want) {
				t.Errorf("seed sentence missing from the page:\n\t%s", want)
			}
		}
	}
	if n < 60 {
		t.Fatalf("read only %d sentences from the seed; the test is not reading it", n)
	}
}

// TestSeedGolden pins the seed page's visible text, in reading order.
func TestSeedGolden(t *testing.T) {
	s := sitetest.Test(t, sitetest.Seed(t))
	got := visibleText(t, s.File(seedPage))
	golden.File(t, "testdata/seed-page.golden.txt", got)
}

// TestFailedBuildLeavesPublicUntouched breaks a good site in each way a
// build can fail and checks that public/ stays byte-identical and that no
// staging directory is left behind.
func TestFailedBuildLeavesPublicUntouched(t *testing.T) {
	for _, tc := range []struct {
		name, file, content, wantErr string
	}{
		{"bad YAML", "content/ios-mail/cannot-verify-server-identity.yaml", "error: [unclosed\n", "YAML syntax"},
		{"invalid article", "content/ios-mail/other.yaml", "error: Other\nproduct: iOS Mail\n", "summary: required"},
		{"template error", "layouts/page.html", "{{ define \"main\" }}\n{{ .Title | nosuchfunc }}{{ end }}", "page.html"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := sitetest.Test(t, sitetest.Seed(t))
			before := s.Snapshot("public")
			if len(before) == 0 {
				t.Fatal("the good build published nothing")
			}
			s.Write(tc.file, tc.content)
			s.Rebuild()
			if s.Err == nil || !strings.Contains(s.Err.Error(), tc.wantErr) {
				t.Fatalf("Rebuild() error = %v; want one mentioning %q", s.Err, tc.wantErr)
			}
			if diff := cmp.Diff(before, s.Snapshot("public")); diff != "" {
				t.Errorf("public/ changed by a failed build (-before +after):\n%s", diff)
			}
			for _, f := range s.Files() {
				if strings.HasPrefix(f, "/.public") {
					t.Errorf("left behind: %s", f)
				}
			}
		})
	}
}

// TestBuildWritesOnlyPublic checks that a build adds nothing to the project
// but public/: Hugo's caches and lock file stay in memory.
func TestBuildWritesOnlyPublic(t *testing.T) {
	s := sitetest.Build(t, sitetest.Seed(t))
	// Build once more so that a second build's cleanup is covered too.
	s.Rebuild()
	if s.Err != nil {
		t.Fatal(s.Err)
	}
	proj := sitetest.Project(t, sitetest.Seed(t))
	want := make(map[string]bool)
	afs := &sitetest.Site{T: t, Fs: proj}
	for _, f := range afs.Files() {
		want[f] = true
	}
	for _, f := range s.Files() {
		if !want[f] && !strings.HasPrefix(f, "/public/") {
			t.Errorf("build wrote %s outside public/", f)
		}
	}
}

func TestBuildReportsEveryProblemAtOnce(t *testing.T) {
	s := sitetest.Build(t, `
-- content/ios-mail/broken.yaml --
product: iOS Mail
updated: 2026-11-28
summary: Something.
causes:
  - id: expired-certificate
    text: Expired.
fixes:
  - id: accept
    title: Accept
    stpes: [Tap it.]
    steps: [Tap it.]
    solves: [expird-cert]
`)
	var list kb.ErrorList
	if !errorsAs(s.Err, &list) {
		t.Fatalf("Run() error = %v; want a kb.ErrorList", s.Err)
	}
	got := list.Error()
	want := strings.Join([]string{
		`content/ios-mail/broken.yaml:1:1: error: required: the message exactly as the reader sees it, such as Cannot verify server identity`,
		`content/ios-mail/broken.yaml:10:5: fixes[0].stpes: unknown field "stpes" (did you mean "steps"?)`,
		`content/ios-mail/broken.yaml:12:14: fixes[0].solves[0]: no cause "expird-cert"; causes are: expired-certificate`,
	}, "\n")
	if got != want {
		t.Errorf("errors:\n%s\nwant:\n%s", got, want)
	}
	if ok, _ := afero_Exists(s, "public"); ok {
		t.Error("public/ was created by a failed build")
	}
}

func errorsAs(err error, list *kb.ErrorList) bool {
	l, ok := err.(kb.ErrorList)
	*list = l
	return ok
}

func afero_Exists(s *sitetest.Site, name string) (bool, error) {
	_, err := s.Fs.Stat("/" + name)
	return err == nil, nil
}

// visibleText returns the text a reader sees in the page's <body>, one
// block per line.
func visibleText(t *testing.T, page string) string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
			return
		case n.Type == html.ElementNode && slices.Contains([]string{"head", "script", "style", "template"}, n.Data):
			return
		case n.Type == html.ElementNode && slices.ContainsFunc(n.Attr, func(a html.Attribute) bool {
			return a.Key == "class" && slices.ContainsFunc(strings.Fields(a.Val), func(c string) bool { return c == "print-only" || c == "answered" })
		}):
			return // on paper only, or once a fix was answered without JavaScript (site.css)
		}
		block := n.Type == html.ElementNode && slices.Contains(blockTags, n.Data)
		if block {
			b.WriteString("\n")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			b.WriteString("\n")
		}
	}
	walk(doc)
	var lines []string
	for _, l := range strings.Split(b.String(), "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n") + "\n"
}

var blockTags = []string{"p", "div", "li", "ol", "ul", "h1", "h2", "h3", "h4", "h5", "h6", "section",
	"article", "header", "footer", "nav", "main", "figure", "figcaption", "blockquote", "pre", "dl", "dt", "dd", "aside", "details", "summary", "table", "tr", "br"}

func normalize(s string) string {
	s = strings.NewReplacer(`"`, "", "'", "", "\u2018", "", "\u2019", "", "\u201c", "", "\u201d", "").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// sentences splits a line after ". ", "? " and "! ".
func sentences(line string) []string {
	var out []string
	start := 0
	for i := 0; i+1 < len(line); i++ {
		if strings.ContainsRune(".?!", rune(line[i])) && line[i+1] == ' ' && !strings.HasSuffix(line[:i+1], "e.g.") {
			out = append(out, line[start:i+1])
			start = i + 2
		}
	}
	if rest := strings.TrimSpace(line[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

// TestMarkdownFields checks what writers' Markdown becomes on the page: a
// code block in a step is highlighted with classes, raw HTML and template
// syntax are shown as text, unsafe links lose their link.
func TestMarkdownFields(t *testing.T) {
	s := sitetest.Test(t, `
-- content/app/cannot-connect.yaml --
error: Cannot connect <b>now</b>
product: App
updated: 2026-11-28
summary: |
  Check the settings.

  Then restart.
causes:
  - id: wrong-port
    text: The port is wrong {{ .Site.Title }}.
fixes:
  - id: set-port
    title: Set the port <script>alert(1)</script>
    solves: [wrong-port]
    warning: Restarting closes [open files](#set-port-step-2).
    steps:
      - |
        Check the incoming server settings:

        `+"```ini"+`
        server = imap.example.com
        port   = 993
        `+"```"+`
      - Save.
faq:
  - q: Why?
    a: See [the guide](https://example.com/guide).
`)
	page := s.File("public/app/cannot-connect/index.html")
	for _, want := range []string{
		`<div class=highlight data-lang=ini><pre class=chroma><code>`,
		`<span class=na>port</span>`,
		`Cannot connect &lt;b>now&lt;/b>`,
		`Set the port &lt;script>alert(1)&lt;/script>`,
		`The port is wrong {{ .Site.Title }}.`,
		`Restarting closes <a href=#set-port-step-2>open files</a>.`,
		`<p>Check the settings.</p><p>Then restart.</p>`,
		`<a href=https://example.com/guide>the guide</a>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page does not contain %s", want)
		}
	}
	// The writer's markup must not have become elements: parse the page
	// as a browser would and look.
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch {
			case n.Data == "b":
				t.Error("the writer's <b> became an element")
			case n.Data == "script" && !slices.ContainsFunc(n.Attr, func(a html.Attribute) bool {
				return a.Key == "type" && a.Val == "application/ld+json" || a.Key == "src" && strings.HasPrefix(a.Val, "/js/")
			}):
				t.Error("the page has an inline or foreign executable <script>")
			}
			for _, a := range n.Attr {
				if strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:") {
					t.Errorf("<%s %s=%q>", n.Data, a.Key, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
}

// TestMovedArticleKeepsItsLinks checks both redirects of an alias: Netlify's
// _redirects rule and the HTML page Hugo writes for other hosts.
func TestMovedArticleKeepsItsLinks(t *testing.T) {
	s := sitetest.Test(t, `
-- content/app/cannot-connect.yaml --
error: Cannot connect
product: App
updated: 2026-11-28
summary: Check the network.
aliases: [/app/no-connection/, /old-app/cannot-connect/]
causes: [{id: offline, text: No network.}]
fixes: [{id: online, title: Go online, steps: [Turn off airplane mode.], solves: [offline]}]
`)
	s.AssertFile("public/_redirects",
		"/app/no-connection/ /app/cannot-connect/ 301!\n",
		"/old-app/cannot-connect/ /app/cannot-connect/ 301!\n",
		// A tool that kept the old id or api_url finds the article's API document.
		"/api/articles/app/no-connection.json /api/articles/app/cannot-connect.json 301!\n",
		"/api/articles/old-app/cannot-connect.json /api/articles/app/cannot-connect.json 301!\n",
		// And the copies agents link in tickets.
		"/app/no-connection/reply.txt /app/cannot-connect/reply.txt 301!\n",
		"/old-app/cannot-connect/index.md /app/cannot-connect/index.md 301!\n")
	s.AssertFile("public/app/no-connection/index.html",
		`https://kb.example.org/app/cannot-connect/`, `http-equiv=refresh`, `noindex`)
	s.AssertFile("public/old-app/cannot-connect/index.html", `https://kb.example.org/app/cannot-connect/`)
}

// TestFutureDateIsPublished checks that an article dated after today
// (a writer east of UTC, a typo in the year) still gets its page, and
// that the home page and its product page are still made: Hugo leaves
// out pages dated in the future unless told not to.
func TestFutureDateIsPublished(t *testing.T) {
	s := sitetest.Test(t, `
-- content/app/cannot-connect.yaml --
error: Cannot connect
product: App
published: 2062-11-28
updated: 2062-11-28
summary: Check the network.
causes: [{id: offline, text: No network.}]
fixes: [{id: online, title: Go online, steps: [Turn off airplane mode.], solves: [offline]}]
`)
	s.AssertFile("public/index.html", `href=/app/cannot-connect/`)
	s.AssertFile("public/app/index.html", `href=/app/cannot-connect/`)
	s.AssertFile("public/app/cannot-connect/index.html", `Cannot connect`)
}

// TestSearchSynonymsFromConfig checks that synonyms added in hugo.toml
// reach the index the client loads.
func TestSearchSynonymsFromConfig(t *testing.T) {
	s := sitetest.Build(t, sitetest.Seed(t))
	cfg := s.File("hugo.toml") + "\n[params.search]\nsynonyms = [[\"outlook\", \"hotmail\"]]\n"
	s.Write("hugo.toml", cfg)
	s.Rebuild()
	if s.Err != nil {
		t.Fatal(s.Err)
	}
	manifest := s.File("public/search-index.json")
	for _, want := range []string{`"hotmail":["outlook"]`, `"outlook":["hotmail"]`, `"iphone":["ios","ipad","ipados"]`} {
		if !strings.Contains(manifest, want) {
			t.Errorf("search manifest lacks %s:\n%s", want, manifest)
		}
	}
}

// TestProductPageGroupsByPlatform checks that a product page groups its
// errors by platform when there is more than one, and lists them flat
// otherwise.
func TestProductPageGroupsByPlatform(t *testing.T) {
	const a = "updated: 2026-11-28\nsummary: Check the network.\ncauses: [{id: offline, text: Offline.}]\nfixes: [{id: online, title: Go online, steps: [Go online.], solves: [offline]}]\n"
	s := sitetest.Test(t, `
-- content/app/mac-error.yaml --
error: Mac error
product: App
platforms: [macOS]
`+a+`
-- content/app/windows-error.yaml --
error: Windows error
product: App
platforms: [Windows 11, Windows 10]
`+a+`
-- content/app/any-error.yaml --
error: Any error
product: App
`+a+`
-- content/other/only-error.yaml --
error: Only error
product: Other
platforms: [iOS]
`+a)
	page := s.File("public/app/index.html")
	mac, win, other := strings.Index(page, `<h2 id=platform-macos>macOS</h2>`), strings.Index(page, `<h2 id=platform-windows-11>Windows 11</h2>`), strings.Index(page, `<h2 id=platform-other-platforms>Other platforms</h2>`)
	if mac < 0 || win < 0 || other < 0 || other < mac || other < win {
		t.Errorf("product page groups: macOS at %d, Windows 11 at %d, Other platforms at %d (want all, other last)", mac, win, other)
	}
	if strings.Contains(s.File("public/other/index.html"), "id=platform-") {
		t.Error("a product with one platform is grouped")
	}
}

// TestPageIDsAreReserved checks that every id the templates put on an
// article page is in kb.SectionIDs, which validation keeps writers' ids
// away from: a cause named "related" would otherwise share its anchor
// with the related articles, and links and aria-labelledby would reach
// the wrong element. The ids the article gives (causes, fixes, steps,
// the notes of a fix's answers, questions) are taken out; what is left is
// the templates'. No id may be on the page twice.
func TestPageIDsAreReserved(t *testing.T) {
	s := sitetest.Test(t, sitetest.Seed(t)+`
-- content/ios-mail/cannot-get-mail.yaml --
error: Cannot Get Mail
product: iOS Mail
updated: 2026-11-28
summary: The mail server did not answer. Check the connection, then the account settings.
causes: [{id: offline, text: No network.}]
fixes: [{id: online, title: Go online, steps: [Turn off airplane mode.], solves: [offline]}]
`)
	s.AssertFile(seedPage, `href=/ios-mail/cannot-get-mail/`) // the related list is on the page
	articles, err := build.Check(context.Background(), build.Options{Project: s.Fs})
	if err != nil {
		t.Fatal(err)
	}
	own := make(map[string]bool)
	for _, a := range articles {
		if a.URL() != "/ios-mail/cannot-verify-server-identity/" {
			continue
		}
		for _, c := range a.Causes {
			own[c.ID.Value] = true
		}
		for _, f := range a.Fixes {
			own[f.ID.Value], own[kb.FixTitleID(f.ID.Value)] = true, true
			for j := range f.Steps {
				own[kb.StepID(f.ID.Value, j+1)] = true
			}
			for _, ans := range kb.Answers {
				own[kb.AnswerID(f.ID.Value, ans)] = true
			}
		}
		for _, q := range a.FAQ {
			own[q.Anchor()] = true
		}
	}
	doc, err := html.Parse(strings.NewReader(s.File(seedPage)))
	if err != nil {
		t.Fatal(err)
	}
	var templates []string
	seen := make(map[string]bool)
	for n := range doc.Descendants() {
		for _, at := range n.Attr {
			if at.Key != "id" {
				continue
			}
			if seen[at.Val] {
				t.Errorf("id=%q is on the article page twice", at.Val)
			}
			seen[at.Val] = true
			if !own[at.Val] {
				templates = append(templates, at.Val)
			}
		}
	}
	if len(templates) < 5 {
		t.Fatalf("the page's own ids = %q; the article's anchors were not recognized", templates)
	}
	for _, id := range templates {
		if !slices.Contains(kb.SectionIDs, id) {
			t.Errorf("the templates put id=%q on the article page, but kb.SectionIDs does not reserve it: a writer's id could take it", id)
		}
	}
}

// TestPublishDirMustBeItsOwn checks that a build refuses to publish into
// the project itself, one of its sources or a path outside it: it
// replaces that folder whole, and -o content deleted every article.
func TestPublishDirMustBeItsOwn(t *testing.T) {
	s := sitetest.Test(t, sitetest.Seed(t))
	before := s.Snapshot("content")
	s.Write("README.md", "# The project\n")
	for _, dir := range []string{"content", "Content", "content/x", "layouts", "static/root", ".git", "generator", ".", "", "../x", "/tmp/x", "public/../content", "README.md"} {
		if dir == "" {
			continue // the default, public
		}
		_, err := build.Run(context.Background(), build.Options{Project: s.Fs, Dest: s.Fs, PublishDir: dir})
		if err == nil || !strings.Contains(err.Error(), "-o "+dir+":") {
			t.Errorf("publishing into %q: %v; want it refused", dir, err)
		}
	}
	if diff := cmp.Diff(before, s.Snapshot("content")); diff != "" {
		t.Errorf("content/ changed:\n%s", diff)
	}
	if got := s.File("README.md"); got != "# The project\n" {
		t.Errorf("README.md = %q; a build replaced it", got)
	}
	for _, dir := range []string{"public", "site/out", "dist"} {
		if err := build.CheckPublishDir(dir); err != nil {
			t.Errorf("CheckPublishDir(%q) = %v; want nil", dir, err)
		}
	}
}

// TestInterruptedPublishIsRecovered stands for a build killed between
// publish's two renames: public/ is gone and the last site is in
// .public.old. The next build, failed or not, starts by putting it back.
func TestInterruptedPublishIsRecovered(t *testing.T) {
	s := sitetest.Test(t, sitetest.Seed(t))
	last := s.Snapshot("public")
	if err := s.Fs.Rename("/public", "/.public.old"); err != nil {
		t.Fatal(err)
	}
	// A failed build: public/ is the last site again, unchanged.
	s.Write("content/ios-mail/cannot-verify-server-identity.yaml", "error: [broken\n")
	if s.Rebuild(); s.Err == nil {
		t.Fatal("the broken article built")
	}
	if diff := cmp.Diff(last, s.Snapshot("public")); diff != "" {
		t.Fatalf("after a failed build, public/ is not the last site (-last +now):\n%s", diff)
	}
	if ok, _ := afero_Exists(s, "/.public.old"); ok {
		t.Error(".public.old is still there")
	}
}

// TestStepIDs checks that a step's own id is its anchor everywhere a step
// is linked from: the page, the structured data, the API and a link in
// the article; the other steps keep their position's.
func TestStepIDs(t *testing.T) {
	s := sitetest.Test(t, `
-- content/app/cannot-connect.yaml --
error: Cannot connect
product: App
updated: 2026-11-28
summary: Start with [airplane mode](#airplane-off).
causes: [{id: offline, text: No network.}]
fixes:
  - id: online
    title: Go online
    solves: [offline]
    steps:
      - Open **Settings**.
      - id: airplane-off
        text: Turn off airplane mode.
      - Try again.
`)
	s.AssertFile("public/app/cannot-connect/index.html",
		`id=online-step-1`, `id=airplane-off`, `id=online-step-3`, `href=#airplane-off`,
		`"url":"https://kb.example.org/app/cannot-connect/#airplane-off"`)
	if page := s.File("public/app/cannot-connect/index.html"); strings.Contains(page, "online-step-2") {
		t.Error("the named step also has its position's anchor")
	}
	s.AssertFile("public/api/articles/app/cannot-connect.json", `"id":"airplane-off","url":"https://kb.example.org/app/cannot-connect/#airplane-off"`)
	s.AssertFile("public/api/articles.json", `"id":"app/cannot-connect"`, `"api_url":"https://kb.example.org/api/articles/app/cannot-connect.json"`)
}

// TestFAQIDs: a question's own id is its anchor on the page, in the
// structured data, the API, the search index and a link in the article;
// the other questions keep the anchor of their words. An id that cannot be
// an anchor, or that another anchor has, is an error.
func TestFAQIDs(t *testing.T) {
	const article = `
-- content/app/cannot-connect.yaml --
error: Cannot connect
product: App
updated: 2026-11-28
summary: See [whether to trust it](#trust-it).
causes: [{id: offline, text: No network.}]
fixes: [{id: online, title: Go online, solves: [offline], steps: [Turn off airplane mode.]}]
faq:
  - id: trust-it
    q: Is it safe to tap Trust?
    a: Only if you know the server.
  - q: Why now?
    a: The certificate changed.
`
	s := sitetest.Test(t, article)
	s.AssertFile("public/app/cannot-connect/index.html", `id=trust-it`, `id=faq-why-now`, `href=#trust-it`,
		`"@id":"https://kb.example.org/app/cannot-connect/#trust-it"`)
	if page := s.File("public/app/cannot-connect/index.html"); strings.Contains(page, "faq-is-it-safe") {
		t.Error("the question with an id also has the anchor of its words")
	}
	s.AssertFile("public/api/articles/app/cannot-connect.json", `"id":"trust-it","url":"https://kb.example.org/app/cannot-connect/#trust-it"`)
	if !slices.ContainsFunc(slices.Collect(maps.Values(s.Snapshot("public/search-index"))), func(f string) bool { return strings.Contains(f, `"trust-it"`) }) {
		t.Error("no search index file links to #trust-it")
	}

	for _, c := range []struct{ id, want string }{
		{"Trust_It", `content/app/cannot-connect.yaml:8:9: faq[0].id: "Trust_It" is not a valid id`},
		{"online", `content/app/cannot-connect.yaml:8:9: faq[0].id: "online" is already an anchor on this page (from fixes[0].id`},
	} {
		err := sitetest.Build(t, strings.Replace(article, "id: trust-it", "id: "+c.id, 1)).Err
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("faq id %q: build error %v; want it to contain %q", c.id, err, c.want)
		}
	}
}

// TestImages: an image in an article is a file of static/root, published
// at the site's root, and its <img> has the file's width and height; an
// image that is not there fails the build with its file, line and column.
func TestImages(t *testing.T) {
	const article = `
-- content/app/cannot-connect.yaml --
error: Cannot connect
product: App
updated: 2026-11-28
summary: Turn off airplane mode.
causes: [{id: offline, text: No network.}]
fixes:
  - id: online
    title: Go online
    solves: [offline]
    steps:
      - Open **Settings**.
      - "Turn off airplane mode: ![The airplane mode switch, off](/screens/airplane.svg)"
`
	s := sitetest.Test(t, article+`
-- static/root/screens/airplane.svg --
<svg xmlns="http://www.w3.org/2000/svg" width="320" height="180"><rect width="320" height="180"/></svg>
`)
	s.AssertFile("public/app/cannot-connect/index.html", `<img src=/screens/airplane.svg alt="The airplane mode switch, off" width=320 height=180 loading=lazy>`)
	s.AssertFile("public/screens/airplane.svg", `<svg`)

	s = sitetest.Build(t, article)
	if s.Err == nil || !strings.Contains(s.Err.Error(), `content/app/cannot-connect.yaml:12:9: fixes[0].steps[1]: image "/screens/airplane.svg" is not a file of the site`) {
		t.Fatalf("a missing image: build error %v", s.Err)
	}
}
