package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/afero"

	"kbgen/generator/build"
)

// waitFor bounds every wait of the serve test: a rebuild takes well under a
// second, even on a loaded machine.
const waitFor = 10 * time.Second

const goodArticle = `error: Cannot connect to the server
product: App
updated: 2026-11-28
summary: The app cannot reach its server. Check the network, then open the app again.
causes:
  - id: offline
    text: The device is offline.
fixes:
  - id: go-online
    title: Go online
    solves: [offline]
    steps:
      - Turn off airplane mode.
`

// startServe runs serve on dir at a free loopback port until stop is
// called (stop may be called twice), and returns the site's address and
// what serve printed.
func startServe(t *testing.T, dir string, debounce time.Duration) (base string, out *syncBuffer, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out = new(syncBuffer)
	urls := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, serveOptions{
			Dir: dir, Port: 0, Stdout: out, Stderr: out, Debounce: debounce,
			Now:   func() time.Time { return time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC) },
			Ready: func(url string) { urls <- url },
		})
	}()
	select {
	case base = <-urls:
	case err := <-done:
		cancel()
		t.Fatalf("serve ended before serving: %v\n%s", err, out.String())
	case <-time.After(3 * waitFor): // the first build also starts Hugo
		cancel()
		t.Fatalf("serve did not start\n%s", out.String())
	}
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("serve returned %v after cancel; want nil", err)
				}
			case <-time.After(waitFor):
				t.Error("serve did not stop after its context was cancelled")
			}
		})
	}
	return strings.TrimSuffix(base, "/"), out, stop
}

// TestServe runs the preview server on a copy of the project: it serves the
// site with the live-reload script, rebuilds after an edit, and after a bad
// edit keeps serving the last good site with the problems over it.
func TestServe(t *testing.T) {
	dir := project(t)
	article := filepath.Join(dir, "content", "app", "cannot-connect.yaml")
	writeFile(t, article, goodArticle)

	base, out, stop := startServe(t, dir, 20*time.Millisecond)
	defer stop()
	page := base + "/app/cannot-connect/"

	status, body := get(t, page)
	if status != http.StatusOK || !strings.Contains(body, "Turn off airplane mode.") {
		t.Fatalf("GET %s = %d; want 200 with the article:\n%s", page, status, body)
	}
	if !strings.Contains(body, `<script src="/_serve/livereload.js" data-gen="1"></script>`) {
		t.Errorf("served page has no live-reload script:\n%s", body)
	}
	if strings.Contains(body, "kbgen-serve-overlay") {
		t.Errorf("good build shows an overlay:\n%s", body)
	}
	if status, body := get(t, base+"/no/such/page/"); status != http.StatusNotFound || !strings.Contains(body, "Page not found") {
		t.Errorf("GET a missing page = %d; want 404 with the site's 404 page:\n%s", status, body)
	}
	if status, body := get(t, base+"/_serve/livereload.js"); status != http.StatusOK || !strings.Contains(body, "EventSource") {
		t.Errorf("GET /_serve/livereload.js = %d:\n%s", status, body)
	}
	// A name that is not a loopback one (DNS rebinding: a web page's own
	// name pointed at 127.0.0.1) is refused; localhost is served.
	for host, want := range map[string]int{"attacker.example": http.StatusForbidden, "attacker.example:80": http.StatusForbidden,
		"localhost:1313": http.StatusOK, "127.0.0.1": http.StatusOK, "[::1]:1313": http.StatusOK} {
		req, _ := http.NewRequest(http.MethodGet, page, nil)
		req.Host = host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET with Host %s = %d; want %d", host, resp.StatusCode, want)
		}
	}
	noRedirect := &http.Client{Timeout: waitFor, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if resp, err := noRedirect.Get(base + "/app/cannot-connect"); err != nil {
		t.Error(err)
	} else {
		resp.Body.Close()
		if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "/app/cannot-connect/" {
			t.Errorf("GET without the final slash = %d to %q; want a redirect to /app/cannot-connect/", resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	builds := events(t, ctx, base)
	wantEvent(t, builds, "1")

	// An edit is rebuilt and announced to open pages.
	writeFile(t, article, strings.Replace(goodArticle, "Turn off airplane mode.", "Switch on Wi-Fi.", 1))
	body = poll(t, page, "the edited step", func(body string) bool { return strings.Contains(body, "Switch on Wi-Fi.") })
	if strings.Contains(body, "kbgen-serve-overlay") {
		t.Errorf("good rebuild shows an overlay:\n%s", body)
	}
	wantEvent(t, builds, "") // the rebuild's number; edits may come as more than one

	// A bad edit: the problems are printed and shown over the last good page.
	writeFile(t, article, strings.Replace(goodArticle, "    steps:", "    stpes:", 1))
	body = poll(t, page, "the overlay", func(body string) bool { return strings.Contains(body, "fixes[0].stpes") })
	for _, want := range []string{
		`id="kbgen-serve-overlay"`,
		`content/app/cannot-connect.yaml:12:5: fixes[0].stpes: unknown field &#34;stpes&#34; (did you mean &#34;steps&#34;?)`,
		"Switch on Wi-Fi.", // the last good build, underneath
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page after a bad edit does not contain %q:\n%s", want, body)
		}
	}
	if !strings.Contains(out.String(), `content/app/cannot-connect.yaml:12:5: fixes[0].stpes: unknown field "stpes"`) {
		t.Errorf("terminal output does not show the problem:\n%s", out.String())
	}

	// A template error is shown the same way.
	writeFile(t, article, goodArticle)
	layout := filepath.Join(dir, "layouts", "page.html")
	good, err := os.ReadFile(layout)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, layout, "{{ define \"main\" }}{{ .Title | nosuchfunc }}{{ end }}\n")
	body = poll(t, page, "the template error", func(body string) bool { return strings.Contains(body, "nosuchfunc") })
	if !strings.Contains(body, "Switch on Wi-Fi.") {
		t.Errorf("page after a template error is not the last good one:\n%s", body)
	}

	// Fixed: the overlay goes.
	writeFile(t, layout, string(good))
	poll(t, page, "the fixed page", func(body string) bool {
		return strings.Contains(body, "Turn off airplane mode.") && !strings.Contains(body, "kbgen-serve-overlay")
	})

	stop()

	// Live reload exists only in serve: a build of the same project has none.
	dest := afero.NewMemMapFs()
	if _, err := build.Run(context.Background(), build.Options{Project: afero.NewBasePathFs(afero.NewOsFs(), dir), Dest: dest}); err != nil {
		t.Fatal(err)
	}
	afero.Walk(dest, "/public", func(p string, info fs.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		if data, _ := afero.ReadFile(dest, p); bytes.Contains(data, []byte("_serve")) || bytes.Contains(data, []byte("kbgen-serve")) {
			t.Errorf("built %s mentions the preview server", p)
		}
		return nil
	})
}

// TestInject checks where the script and the overlay go in a page.
func TestInject(t *testing.T) {
	script := `<script src="/_serve/livereload.js" data-gen="3"></script>`
	tests := []struct {
		name string
		page string
		snap snapshot
		want string
	}{
		{"before </body>", "<html><body><p>x</p></body></html>", snapshot{gen: 3},
			"<html><body><p>x</p>" + script + "</body></html>"},
		{"minified, no </body>", "<!doctype html><p>x", snapshot{gen: 3},
			"<!doctype html><p>x" + script},
		{"errors, escaped", "<p>x</body>", snapshot{gen: 3, site: afero.NewMemMapFs(), errors: []string{`a.yaml:1:2: error: "<b>"`}, summary: "1 error in 1 file"},
			`<p>x<link rel="stylesheet" href="/_serve/overlay.css"><div id="kbgen-serve-overlay" class="kbgen-serve-failed" role="alert">` +
				`<button type="button" data-kbgen-close aria-label="Close">×</button>` +
				`<p class="kbgen-serve-errors"><strong>The site was not rebuilt: 1 error in 1 file.</strong> Fix this and save, the page reloads by itself; still showing the last good build.</p>` +
				`<ul><li>a.yaml:1:2: error: &#34;&lt;b&gt;&#34;</li></ul></div>` + script + "</body>"},
		{"without, file names escaped", "<p>x", snapshot{gen: 3, site: afero.NewMemMapFs(), without: []string{"content/app/Q&A <b>.yaml"}, errors: []string{"x"}, summary: "1 error in 1 file"},
			`<p>x<link rel="stylesheet" href="/_serve/overlay.css"><div id="kbgen-serve-overlay" class="kbgen-serve-failed" role="alert">` +
				`<button type="button" data-kbgen-close aria-label="Close">×</button>` +
				`<p class="kbgen-serve-errors"><strong>The site was not rebuilt: 1 error in 1 file.</strong> Fix this and save, the page reloads by itself; showing the site without content/app/Q&amp;A &lt;b&gt;.yaml.</p>` +
				`<ul><li>x</li></ul></div>` + script},
		{"warnings only", "<p>x", snapshot{gen: 3, site: afero.NewMemMapFs(), warnings: []string{"a.yaml:1:2: summary: warning: short"}},
			`<p>x<link rel="stylesheet" href="/_serve/overlay.css"><div id="kbgen-serve-overlay" class="kbgen-serve-warned" role="alert">` +
				`<button type="button" data-kbgen-close aria-label="Close">×</button>` +
				`<details class="kbgen-serve-warnings"><summary>1 warning</summary><ul><li>a.yaml:1:2: summary: warning: short</li></ul></details></div>` + script},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := string(inject([]byte(tc.page), &tc.snap))
			if diff := cmp.Diff(got, tc.want); diff != "" {
				t.Errorf("inject mismatch (-got +want):\n%s", diff)
			}
		})
	}
}

// project returns a temporary project directory holding the repository's
// hugo.toml, layouts/ and static/, as the CLI scripts have.
func project(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, name := range []string{"layouts", "static"} {
		if err := os.CopyFS(filepath.Join(dir, name), os.DirFS(filepath.Join(root, name))); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(filepath.Join(root, "hugo.toml"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "hugo.toml"), string(data))
	return dir
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o666); err != nil {
		t.Fatal(err)
	}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	c := &http.Client{Timeout: waitFor}
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(data)
}

// poll gets url until ok accepts its body, for at most waitFor.
func poll(t *testing.T, url, what string, ok func(body string) bool) string {
	t.Helper()
	deadline := time.Now().Add(waitFor)
	var body string
	for {
		_, body = get(t, url)
		if ok(body) {
			return body
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not appear at %s within %v; last body:\n%s", what, url, waitFor, body)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// events opens the server's event stream and sends the data of each build
// event.
func events(t *testing.T, ctx context.Context, base string) <-chan string {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/_serve/events", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Errorf("event stream Content-Type = %q; want text/event-stream", ct)
	}
	c := make(chan string, 100)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				c <- data
			}
		}
	}()
	return c
}

// wantEvent waits for a build event with the given data, or any when want
// is "".
func wantEvent(t *testing.T, c <-chan string, want string) {
	t.Helper()
	select {
	case got := <-c:
		if want != "" && got != want {
			t.Errorf("build event = %q; want %q", got, want)
		}
	case <-time.After(waitFor):
		t.Errorf("no build event within %v", waitFor)
	}
}

// syncBuffer is a bytes.Buffer safe for the server's writes and the test's
// reads.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestServeStartsWithoutBrokenArticles: serve started on a project where
// one article has errors shows the others, with the errors over them and
// the article left out named, instead of an error panel alone; an article
// that links to the broken one is left out too. Once fixed, the whole site
// is served.
func TestServeStartsWithoutBrokenArticles(t *testing.T) {
	dir := project(t)
	good := filepath.Join(dir, "content", "app", "cannot-connect.yaml")
	broken := filepath.Join(dir, "content", "app", "cannot-sync.yaml")
	linking := filepath.Join(dir, "content", "app", "cannot-send.yaml")
	writeFile(t, good, goodArticle)
	brokenArticle := strings.NewReplacer("Cannot connect to the server", "Cannot sync", "    steps:", "    stpes:").Replace(goodArticle)
	writeFile(t, broken, brokenArticle)
	writeFile(t, linking, strings.NewReplacer("Cannot connect to the server", "Cannot send",
		"Turn off airplane mode.", "See [syncing](/app/cannot-sync/).").Replace(goodArticle))

	base, out, stop := startServe(t, dir, 20*time.Millisecond)
	defer stop()
	status, body := get(t, base+"/app/cannot-connect/")
	if status != http.StatusOK || !strings.Contains(body, "Turn off airplane mode.") {
		t.Fatalf("GET /app/cannot-connect/ = %d; want 200 with the article that has no errors:\n%s", status, body)
	}
	for _, want := range []string{"fixes[0].stpes", "showing the site without content/app/cannot-send.yaml, content/app/cannot-sync.yaml"} {
		if !strings.Contains(body, want) {
			t.Errorf("the page does not show %q:\n%s", want, body)
		}
	}
	if !strings.Contains(out.String(), "serving the site without content/app/cannot-send.yaml, content/app/cannot-sync.yaml") {
		t.Errorf("the terminal does not say what was left out:\n%s", out.String())
	}
	if status, _ := get(t, base+"/app/cannot-sync/"); status != http.StatusNotFound {
		t.Errorf("GET the broken article = %d; want 404 (left out)", status)
	}

	writeFile(t, broken, strings.Replace(brokenArticle, "    stpes:", "    steps:", 1))
	poll(t, base+"/app/cannot-send/", "the whole site", func(body string) bool {
		return strings.Contains(body, "syncing") && !strings.Contains(body, "kbgen-serve-overlay")
	})
}

// TestHiddenLeavesFilesOut: the file system of a preview without some
// articles says they are not there, in listings read whole or in batches
// (a batch is empty only at the end), and keeps the others.
func TestHiddenLeavesFilesOut(t *testing.T) {
	base := afero.NewMemMapFs()
	for _, f := range []string{"a.yaml", "b.yaml", "c.yaml", "d.yaml"} {
		if err := afero.WriteFile(base, "/content/app/"+f, []byte("x"), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	h := hidden{Fs: base, files: map[string]bool{"content/app/a.yaml": true, "content/app/b.yaml": true}}
	if _, err := h.Stat("/content/app/a.yaml"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Stat of a hidden file: %v; want not exist", err)
	}
	if _, err := h.Open("content/app/b.yaml"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Open of a hidden file: %v; want not exist", err)
	}
	dir, err := h.Open("/content/app")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for {
		batch, err := dir.Readdirnames(1)
		if len(batch) == 0 && err == nil {
			t.Fatal("an empty batch before the end")
		}
		names = append(names, batch...)
		if err != nil {
			break
		}
	}
	slices.Sort(names)
	if want := []string{"c.yaml", "d.yaml"}; !slices.Equal(names, want) {
		t.Errorf("the folder lists %v; want %v", names, want)
	}
}
