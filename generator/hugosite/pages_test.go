package hugosite

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/spf13/afero"
)

// A page handed over as a Go value (Options.Pages) renders as the same
// page written as a file with JSON front matter: Hugo's own keys (title,
// description, url, layout, aliases, dates, parsed in the site's time
// zone), .Params and its nested maps (their keys as written, lower case,
// a map in a list), the section it is in, and its place in lists.
func TestPagesAreThePagesOfFiles(t *testing.T) {
	src := memFs(t, map[string]string{
		"/hugo.toml": "baseURL = \"https://example.org/\"\ntimeZone = \"America/New_York\"\n" +
			"disableKinds = [\"taxonomy\", \"term\", \"rss\", \"sitemap\", \"robotsTXT\", \"404\"]\n",
		"/layouts/home.html":    `{{ range site.RegularPages.ByDate }}{{ .RelPermalink }} {{ .Title }} {{ .Date.Format "2006-01-02T15:04Z07:00" }};{{ end }}`,
		"/layouts/section.html": `{{ .Title }}`,
		"/layouts/article.html": `{{ .Kind }} {{ .Section }} {{ .Type }} {{ .Layout }} {{ .Title }} | {{ .Description }} | {{ .RelPermalink }} | ` +
			`{{ .Date.Format "2006-01-02T15:04:05Z07:00" }} {{ .Lastmod.Format "2006-01-02T15:04:05Z07:00" }} | {{ .Aliases }} | ` +
			`{{ .Params.meta.title }} {{ .Params.meta.noindex }} {{ .Params.kb.codes }} {{ range .Params.kb.fixes }}{{ .id }}={{ .number }}{{ with .next }}>{{ .id }}{{ end }} {{ end }}` +
			`{{ .Params.kb.escalation }} {{ printf "%T %T" .Params.kb .Params.kb.product }} {{ .Params.kb.product.name }} {{ len .Params.breadcrumb }}`,
	})
	params := map[string]any{
		"meta":       map[string]any{"title": "Meta <T>", "noindex": true},
		"breadcrumb": []any{map[string]any{"name": "Home", "url": "/"}},
		"kb": map[string]any{
			"codes":      []any{"0x1", "E 2"},
			"product":    map[string]any{"name": "App", "url": "/app/"},
			"fixes":      []any{map[string]any{"id": "f1", "number": 1.0, "next": map[string]any{"id": "f2"}}, map[string]any{"id": "f2", "number": 2.0, "next": nil}},
			"escalation": nil,
		},
	}
	pages := []Page{
		{Path: "a/app/one", Title: "One & only", Description: "First <one>", URL: "/app/one/", Layout: "article",
			Date: "2026-03-01", Lastmod: "2026-03-08T10:30:00Z", Aliases: []string{"/old/one/"}, Params: params},
		{Path: "a/app/two", Title: "Two", URL: "/app/two/", Layout: "article", Date: "2026-02-01", Lastmod: "2026-02-01", Params: params},
	}
	files := map[string][]byte{ContentDir + "/_index.md": []byte(`{"title": "Home"}` + "\n"), ContentDir + "/a/_index.md": []byte(`{"title": "A"}` + "\n")}
	asFiles := map[string][]byte{}
	for k, v := range files {
		asFiles[k] = v
	}
	for _, p := range pages {
		fm := map[string]any{"title": p.Title, "url": p.URL, "layout": p.Layout, "date": p.Date, "lastmod": p.Lastmod}
		if p.Description != "" {
			fm["description"] = p.Description
		}
		if len(p.Aliases) > 0 {
			fm["aliases"] = p.Aliases
		}
		for k, v := range p.Params.(map[string]any) {
			fm[k] = v
		}
		data, err := json.Marshal(fm)
		if err != nil {
			t.Fatal(err)
		}
		asFiles[ContentDir+"/"+p.Path+"/index.md"] = append(data, '\n')
	}
	build := func(opts Options) afero.Fs {
		t.Helper()
		opts.Source, opts.Dest, opts.PublishDir = src, afero.NewMemMapFs(), "public"
		if _, err := Build(context.Background(), opts); err != nil {
			t.Fatal(err)
		}
		return opts.Dest
	}
	viaFiles := build(Options{Files: asFiles})
	// The params a second time, as a struct Hugo copies by its tags.
	pages[1].Params = &tagged{Meta: params["meta"], Breadcrumb: params["breadcrumb"], KB: params["kb"]}
	viaPages := build(Options{Files: files, Pages: pages})
	for _, name := range []string{"/public/index.html", "/public/app/one/index.html", "/public/app/two/index.html", "/public/old/one/index.html"} {
		want, err := afero.ReadFile(viaFiles, name)
		if err != nil {
			t.Fatal(err)
		}
		got, err := afero.ReadFile(viaPages, name)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("%s:\n got %s\nwant %s", name, got, want)
		}
	}
}

type tagged struct {
	Meta       any `mapstructure:"meta"`
	Breadcrumb any `mapstructure:"breadcrumb"`
	KB         any `mapstructure:"kb"`
}

func (*tagged) Hash() (uint64, error) { return 1, nil }

// memFs returns a file system in memory holding files, by absolute path.
func memFs(t *testing.T, files map[string]string) afero.Fs {
	t.Helper()
	fs := afero.NewMemMapFs()
	for name, data := range files {
		if err := afero.WriteFile(fs, name, []byte(data), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	return fs
}

// A page's date that Hugo cannot read fails the build, naming the page
// and the date.
func TestPageWithABadDate(t *testing.T) {
	src := memFs(t, map[string]string{"/hugo.toml": "baseURL = \"https://example.org/\"\n", "/layouts/page.html": "x"})
	_, err := Build(context.Background(), Options{Source: src, Dest: afero.NewMemMapFs(), PublishDir: "public",
		Pages: []Page{{Path: "a/x", Title: "X", Date: "2026-11-30", Lastmod: "yesterday"}}})
	if err == nil || !strings.Contains(err.Error(), "a/x") || !strings.Contains(err.Error(), "lastmod") {
		t.Fatalf("got %v; want an error naming a/x and lastmod", err)
	}
}
