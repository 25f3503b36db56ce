package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Load: how long the requests last (-short: loadShort), how many run at
// once, and how often the article is saved meanwhile.
const (
	loadFor     = 30 * time.Second
	loadShort   = 3 * time.Second
	loadWorkers = 8
	editEvery   = 500 * time.Millisecond
)

// TestServeLoad holds the preview server under a bounded loopback load
// while a writer saves an article every editEvery: every request for a
// page or asset of the site gets a 200 and the whole file (an HTML page
// that raced a rebuild still ends with </html>, and never shows the
// overlay, since every save is valid), whatever build it comes from. Then
// it checks that the server serves nothing but the build output: paths
// that climb out of it, or name the project's own files, are 404s.
func TestServeLoad(t *testing.T) {
	dir := project(t)
	article := filepath.Join(dir, "content", "app", "cannot-connect.yaml")
	writeFile(t, article, goodArticle)
	// Files a traversal would reach: beside public/ in the project, as in
	// the repository, and above the project.
	const secret = "module traversal-sentinel-4f1d"
	writeFile(t, filepath.Join(dir, "go.mod"), secret+"\n")

	base, out, stop := startServe(t, dir, 0)
	defer stop()

	targets := loadTargets(t, base)
	t.Logf("%d paths: %s", len(targets), strings.Join(targets, " "))

	d := loadFor
	if testing.Short() {
		d = loadShort
	}
	client := &http.Client{
		Timeout:   waitFor,
		Transport: &http.Transport{MaxIdleConnsPerHost: loadWorkers},
		// A redirect is an answer to check, not to follow.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	defer client.CloseIdleConnections()
	var (
		st      loadStats
		wg      sync.WaitGroup
		edits   atomic.Int64
		editErr = make(chan error, 1)
	)
	deadline := time.Now().Add(d)
	for w := range loadWorkers {
		wg.Go(func() {
			for i := w; time.Now().Before(deadline); i++ {
				st.check(client, base, targets[i%len(targets)])
			}
		})
	}
	// The writer: a valid save every editEvery, each replacing the file
	// at once (written beside the project's folders, then renamed), so
	// that no build can read half a file.
	lastStep := "Turn off airplane mode."
	wg.Go(func() {
		tick := time.NewTicker(editEvery)
		defer tick.Stop()
		for n := 1; time.Now().Add(editEvery).Before(deadline); n++ {
			<-tick.C
			step := fmt.Sprintf("Turn off airplane mode (save %d).", n)
			if err := replaceFile(filepath.Join(dir, ".edit.tmp"), article, strings.Replace(goodArticle, "Turn off airplane mode.", step, 1)); err != nil {
				editErr <- err
				return
			}
			lastStep = step
			edits.Add(1)
		}
	})
	wg.Wait()
	select {
	case err := <-editErr:
		t.Fatalf("editing the article: %v", err)
	default:
	}

	builds := strings.Count(out.String(), " built ")
	t.Logf("%v: %d requests (%.0f/s), %d saves, %d builds, %d build numbers seen in pages",
		d, st.requests.Load(), float64(st.requests.Load())/d.Seconds(), edits.Load(), builds, st.gens())
	for _, f := range st.failures() {
		t.Error(f)
	}
	if n := st.failed.Load(); n > 0 {
		t.Errorf("%d of %d requests failed under load", n, st.requests.Load())
	}
	if edits.Load() == 0 || builds < 2 || st.gens() < 2 {
		t.Errorf("the load did not overlap rebuilds: %d saves, %d builds, pages from %d builds\n%s", edits.Load(), builds, st.gens(), out.String())
	}
	if strings.Contains(out.String(), "not rebuilt") || strings.Contains(out.String(), "still serving the last good build") {
		t.Errorf("a valid save failed to build:\n%s", out.String())
	}
	// The last save is served once its build is done.
	poll(t, base+"/app/cannot-connect/", "the last save", func(body string) bool { return strings.Contains(body, lastStep) })

	t.Run("traversal", func(t *testing.T) {
		testTraversal(t, base, dir)
	})
	stop()
}

// loadTargets returns the paths the load requests: the site's pages, the
// assets and pages the article links to on the same server (stylesheet,
// scripts, icons), and files with fixed names. Each must be a 200 before
// the load starts. Paths whose names change with every build (the search
// index, named after its hash) are not requested by name.
func loadTargets(t *testing.T, base string) []string {
	t.Helper()
	targets := []string{"/", "/app/", "/app/cannot-connect/", "/search/", "/404.html", "/app/cannot-connect/index.md", "/app/cannot-connect/reply.txt", "/sitemap.xml", "/robots.txt", "/_serve/livereload.js"}
	status, body := get(t, base+"/app/cannot-connect/")
	if status != http.StatusOK {
		t.Fatalf("GET /app/cannot-connect/ = %d before the load:\n%s", status, body)
	}
	for _, m := range linkAttr.FindAllStringSubmatch(body, -1) {
		p := strings.TrimPrefix(m[1]+m[2]+m[3], base)
		p, _, _ = strings.Cut(p, "#")
		if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, eventsPath) || slices.Contains(targets, p) {
			continue
		}
		if status, _ := get(t, base+p); status != http.StatusOK {
			t.Logf("not in the load: %s (%d before the load)", p, status)
			continue
		}
		targets = append(targets, p)
	}
	for _, p := range targets {
		if status, body := get(t, base+p); status != http.StatusOK {
			t.Fatalf("GET %s = %d before the load:\n%.500s", p, status, body)
		}
	}
	return targets
}

// linkAttr finds the URLs a page links to or loads.
// Minified pages leave most attribute values unquoted.
var linkAttr = regexp.MustCompile(`\b(?:href|src)=(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))`)

// servedGen finds the build number in the live-reload script of a served
// page.
var servedGen = regexp.MustCompile(`<script src="/_serve/livereload\.js" data-gen="(\d+)"></script>`)

// loadStats counts the requests of the load and keeps the first failures.
type loadStats struct {
	requests atomic.Int64
	failed   atomic.Int64
	mu       sync.Mutex
	msgs     []string
	seen     map[string]bool // build numbers the pages came from
}

func (s *loadStats) fail(format string, args ...any) {
	s.failed.Add(1)
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.msgs) < 20 {
		s.msgs = append(s.msgs, fmt.Sprintf(format, args...))
	}
}

func (s *loadStats) failures() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.msgs)
}

func (s *loadStats) gens() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.seen)
}

// check gets one path and records what is wrong with the answer.
func (s *loadStats) check(c *http.Client, base, p string) {
	s.requests.Add(1)
	resp, err := c.Get(base + p)
	if err != nil {
		s.fail("GET %s: %v", p, err)
		return
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	switch {
	case err != nil:
		s.fail("GET %s: reading the body: %v", p, err)
		return
	case resp.StatusCode != http.StatusOK:
		s.fail("GET %s = %d %s; want 200:\n%.300s", p, resp.StatusCode, resp.Header.Get("Location"), body)
		return
	case resp.ContentLength >= 0 && int64(len(body)) != resp.ContentLength:
		s.fail("GET %s: %d bytes; Content-Length says %d", p, len(body), resp.ContentLength)
		return
	case len(body) == 0:
		s.fail("GET %s: empty body", p)
		return
	}
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		return
	}
	page := string(body)
	if !strings.HasSuffix(strings.TrimSpace(page), "</html>") {
		s.fail("GET %s: the page does not end with </html> (%d bytes): …%s", p, len(page), page[max(0, len(page)-200):])
	}
	if strings.Contains(page, "kbgen-serve-overlay") {
		s.fail("GET %s: the page shows the diagnostics overlay though every save is valid:\n%s", p, page)
	}
	m := servedGen.FindStringSubmatch(page)
	if m == nil {
		s.fail("GET %s: no live-reload script in the page", p)
		return
	}
	s.mu.Lock()
	if s.seen == nil {
		s.seen = make(map[string]bool)
	}
	s.seen[m[1]] = true
	s.mu.Unlock()
}

// replaceFile writes content to tmp, then renames it over name.
func replaceFile(tmp, name, content string) error {
	if err := os.WriteFile(tmp, []byte(content), 0o666); err != nil {
		return err
	}
	return os.Rename(tmp, name)
}

// testTraversal sends request lines as a client that does not clean paths
// would (raw over TCP, so nothing between the test and the server rewrites
// them) and expects a 404 or 400 that shows none of the project's files.
func testTraversal(t *testing.T, base, dir string) {
	var secrets []string
	for _, name := range []string{"go.mod", "hugo.toml", "content/app/cannot-connect.yaml", "layouts/page.html"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		// A line of the file long enough not to occur in a page by chance.
		for l := range strings.Lines(string(data)) {
			if l = strings.TrimSpace(l); len(l) >= 12 && !strings.HasPrefix(l, "{{") {
				secrets = append(secrets, l)
				break
			}
		}
	}
	if len(secrets) != 4 {
		t.Fatalf("found %d lines to look for in the project's files; want 4: %q", len(secrets), secrets)
	}
	addr := strings.TrimPrefix(base, "http://")
	for _, target := range []string{
		"/../go.mod",
		"/../../go.mod",
		"/%2e%2e/go.mod",
		"/%2E%2E/go.mod",
		"/..%2fgo.mod",
		"/..%2Fgo.mod",
		"/%2e%2e%2fgo.mod",
		"/..%5cgo.mod",
		"/app/../../go.mod",
		"/app/%2e%2e/%2e%2e/go.mod",
		"//go.mod",
		"/go.mod",
		"/hugo.toml",
		"/content/app/cannot-connect.yaml",
		"/app/cannot-connect.yaml",
		"/layouts/page.html",
		"/public/../go.mod",
		"/_serve/../go.mod",
		"http://" + addr + "/../go.mod", // absolute form
	} {
		status, body, err := rawGet(addr, target)
		if err != nil {
			t.Errorf("GET %s: %v", target, err)
			continue
		}
		t.Logf("GET %s = %d", target, status)
		if status != http.StatusNotFound && status != http.StatusBadRequest {
			t.Errorf("GET %s = %d; want 404 or 400:\n%.300s", target, status, body)
		}
		for _, s := range secrets {
			if strings.Contains(body, s) {
				t.Errorf("GET %s = %d shows a project file's line %q", target, status, s)
			}
		}
	}
}

// rawGet sends "GET target HTTP/1.1" as written and reads the answer.
func rawGet(addr, target string) (int, string, error) {
	conn, err := net.DialTimeout("tcp", addr, waitFor)
	if err != nil {
		return 0, "", err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(waitFor))
	if _, err := fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", target, addr); err != nil {
		return 0, "", err
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), err
}
