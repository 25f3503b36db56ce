package hugosite

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/spf13/afero"
)

// TestUpdateRereadsEveryChangedPage opens a small site and updates two
// pages of one folder at once. Hugo v0.165 re-reads only the first changed
// file of a folder (gohugoio/hugo#15330); Update works around it, and both
// pages must show their new front matter, while a page not handed over
// keeps what it had.
func TestUpdateRereadsEveryChangedPage(t *testing.T) {
	src := memFs(t, map[string]string{
		"/hugo.toml":            "baseURL = \"https://example.org/\"\ndisableKinds = [\"taxonomy\", \"term\", \"rss\", \"sitemap\", \"robotsTXT\", \"404\"]\n",
		"/layouts/home.html":    "home",
		"/layouts/section.html": "section {{ .Params.x }}",
		"/layouts/page.html":    "page {{ .Params.x }}",
	})
	page := func(x string) []byte { return []byte(`{"title": "T", "x": "` + x + `"}` + "\n") }
	dest := afero.NewMemMapFs()
	ctx := context.Background()
	var log bytes.Buffer
	site, _, err := Open(ctx, Options{Source: src, Dest: dest, PublishDir: "public", Log: &log, Files: map[string][]byte{
		ContentDir + "/_index.md":   page("home"),
		ContentDir + "/s/_index.md": page("s"),
		ContentDir + "/s/a.md":      page("a1"),
		ContentDir + "/s/b.md":      page("b1"),
		ContentDir + "/s/c.md":      page("c1"),
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer site.Close()
	want := func(file, text string) {
		t.Helper()
		data, err := afero.ReadFile(dest, "/public/"+file)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), text) {
			t.Errorf("%s: %q; want %q", file, data, text)
		}
	}
	want("s/a/index.html", "page a1")
	want("s/c/index.html", "page c1")

	files := map[string][]byte{ContentDir + "/s/a.md": page("a2"), ContentDir + "/s/b.md": page("b2")}
	if _, err := site.Update(ctx, files); err != nil {
		t.Fatal(err)
	}
	if len(files) != 0 {
		t.Errorf("Update left %d files in the map; it consumes them", len(files))
	}
	want("s/a/index.html", "page a2")
	want("s/b/index.html", "page b2")
	want("s/c/index.html", "page c1")
	// The log is for what a writer must act on: Hugo's own chatter
	// ("Source changed /_generated/content/s/a.md", paths that are no
	// file of the project) is not.
	if log.Len() > 0 {
		t.Errorf("Hugo logged, where only its warnings and errors belong:\n%s", log.String())
	}
}
