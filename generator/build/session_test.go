package build_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/afero"

	"kbgen/generator/build"
	"kbgen/generator/internal/sitetest"
	"kbgen/generator/kb"
)

// realContent is the repository's articles as a txtar archive.
func realContent(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	files, err := filepath.Glob(filepath.Join(sitetest.Root(t), "content/*/*.yaml"))
	if err != nil || len(files) < 3 {
		t.Fatalf("content/: %v (%d files)", err, len(files))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(sitetest.Root(t), f)
		b.WriteString("-- " + filepath.ToSlash(rel) + " --\n" + string(data))
	}
	return b.String()
}

// TestSessionPartialBuild edits an article between two builds of a
// session: the second build must be partial, and every page it re-renders
// must be byte for byte what a full build of the edited project writes.
func TestSessionPartialBuild(t *testing.T) {
	ctx := context.Background()
	project := sitetest.Project(t, realContent(t))
	s := build.NewSession(build.Options{Project: project})
	defer s.Close()
	rep, err := s.Build(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Partial {
		t.Fatal("the first build of a session was partial")
	}

	const file = "content/ios-mail/cannot-verify-server-identity.yaml"
	src, err := afero.ReadFile(project, "/"+file)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(src), `title: How to Fix "Cannot verify server identity" (iOS Mail)`, `title: How to Fix "Cannot verify server identity" on iPhone (edited)`, 1)
	if edited == string(src) {
		t.Fatal("the seed's title is not where the test expects it")
	}
	if err := afero.WriteFile(project, "/"+file, []byte(edited), 0o666); err != nil {
		t.Fatal(err)
	}
	rep, err = s.Build(ctx, []string{file})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Partial || rep.Pages == 0 {
		t.Fatalf("after one edit: Partial %v, %d pages; want a partial build that re-rendered the changed pages", rep.Partial, rep.Pages)
	}

	full := afero.NewMemMapFs()
	if _, err := build.Run(ctx, build.Options{Project: project, Dest: full}); err != nil {
		t.Fatal(err)
	}
	for _, page := range []string{
		"public/ios-mail/cannot-verify-server-identity/index.html", // the edited article
		"public/ios-mail/cannot-verify-server-identity/index.md",
		"public/ios-mail/cannot-verify-server-identity/reply.txt",
		"public/api/articles/ios-mail/cannot-verify-server-identity.json",
		"public/ios-mail/index.html",                           // its product's list
		"public/index.html",                                    // the home page's newest articles
		"public/search/index.html",                             // the A–Z list of messages
		"public/microsoft-outlook/error-0x800ccc0e/index.html", // not edited, not showing it
	} {
		got, err := afero.ReadFile(s.Site(), "/"+page)
		if err != nil {
			t.Fatalf("partial build: %v", err)
		}
		want, err := afero.ReadFile(full, "/"+page)
		if err != nil {
			t.Fatalf("full build: %v", err)
		}
		if string(got) != string(want) {
			t.Errorf("%s differs from a full build's:\n%s", page, firstDiff(string(got), string(want)))
		}
	}
	page, _ := afero.ReadFile(s.Site(), "/public/ios-mail/cannot-verify-server-identity/index.html")
	if !strings.Contains(string(page), "on iPhone (edited)") {
		t.Error("the edited article's page does not show the edit")
	}

	// A mistake: the error names file, line and column, and the last good
	// site stays.
	if err := afero.WriteFile(project, "/"+file, []byte(strings.Replace(edited, "\nsummary:", "\nsumary:", 1)), 0o666); err != nil {
		t.Fatal(err)
	}
	_, err = s.Build(ctx, []string{file})
	var list kb.ErrorList
	if !errors.As(err, &list) || !strings.Contains(err.Error(), file+":") || !strings.Contains(err.Error(), "summary") {
		t.Fatalf("after a misspelled key: %v; want the file's diagnostics", err)
	}
	if again, _ := afero.ReadFile(s.Site(), "/public/ios-mail/cannot-verify-server-identity/index.html"); string(again) != string(page) {
		t.Error("a failed build changed the site")
	}

	// A link to an anchor the article does not have: found by the
	// partial build too.
	bad := strings.Replace(edited, "\nsummary: ", "\nsummary: See [the step](#no-such-step). ", 1)
	if bad == edited {
		t.Fatal("the seed's summary is not where the test expects it")
	}
	if err := afero.WriteFile(project, "/"+file, []byte(bad), 0o666); err != nil {
		t.Fatal(err)
	}
	if _, err = s.Build(ctx, []string{file}); err == nil || !strings.Contains(err.Error(), file+":") || !strings.Contains(err.Error(), "#no-such-step") {
		t.Fatalf("after a link to a missing anchor: %v; want the file's diagnostics", err)
	}

	// A link without text: the page, the reply and the API would show
	// nothing there; found by the partial build too.
	empty := strings.Replace(edited, "      - Open the **Settings** app on your iOS device.\n", "      - \"[](https://example.com/settings)\"\n", 1)
	if empty == edited {
		t.Fatal("the seed's step is not where the test expects it")
	}
	if err := afero.WriteFile(project, "/"+file, []byte(empty), 0o666); err != nil {
		t.Fatal(err)
	}
	if _, err = s.Build(ctx, []string{file}); err == nil || !strings.Contains(err.Error(), "steps[0]: shows no words") {
		t.Fatalf("after a step that is a link without text: %v; want the file's diagnostics", err)
	}

	// The fix, then a change that is not an article edit: a full build.
	if err := afero.WriteFile(project, "/"+file, []byte(edited), 0o666); err != nil {
		t.Fatal(err)
	}
	if rep, err = s.Build(ctx, []string{file}); err != nil || !rep.Partial {
		t.Fatalf("after the fix: %v, partial %v", err, rep != nil && rep.Partial)
	}
	// Each partial build is a layer over the last, so that serve can read
	// the last while the next is written; past a number of layers the site
	// is copied into one. The pages stay right through that.
	old := page
	flattened := 0 // builds that started from the site copied into one layer
	for i := range 20 {
		v := strings.Replace(edited, "(edited)", fmt.Sprintf("(edit %d)", i), 1)
		if err := afero.WriteFile(project, "/"+file, []byte(v), 0o666); err != nil {
			t.Fatal(err)
		}
		if rep, err = s.Build(ctx, []string{file}); err != nil || !rep.Partial {
			t.Fatalf("edit %d: %v, partial %v", i, err, rep != nil && rep.Partial)
		}
		for _, ph := range rep.Phases {
			if ph.Name == "waiting for the site in one layer" {
				flattened++
			}
		}
		page, _ := afero.ReadFile(s.Site(), "/public/ios-mail/cannot-verify-server-identity/index.html")
		if !strings.Contains(string(page), fmt.Sprintf("(edit %d)", i)) {
			t.Fatalf("edit %d is not on the page", i)
		}
		if other, _ := afero.ReadFile(s.Site(), "/public/windows-update/error-0x80070005/index.html"); len(other) < 1000 {
			t.Fatalf("after edit %d, an article that was not edited lost its page", i)
		}
	}
	if string(old) == "" {
		t.Fatal("no page before the edits")
	}
	if flattened != 1 {
		t.Errorf("%d of 20 partial builds started from the site copied into one layer; want 1 (every 16 layers)", flattened)
	}

	if rep, err = s.Build(ctx, []string{"hugo.toml"}); err != nil || rep.Partial {
		t.Fatalf("after hugo.toml changed: %v; want a full build", err)
	}

	// A template error fails the full build; the next edit must not be
	// rendered with the templates of before, so it is a full build too.
	const layout = "layouts/page.html"
	tmpl, err := afero.ReadFile(project, "/"+layout)
	if err != nil {
		t.Fatal(err)
	}
	afero.WriteFile(project, "/"+layout, append(tmpl, []byte("{{ .Broken ")...), 0o666)
	if _, err := s.Build(ctx, []string{layout}); err == nil {
		t.Fatal("a template error did not fail the build")
	}
	if rep, err = s.Build(ctx, []string{file}); err == nil || rep != nil {
		t.Fatalf("an edit after a template error: %v, %v; want the template error again", rep, err)
	}
	afero.WriteFile(project, "/"+layout, tmpl, 0o666)
	if rep, err = s.Build(ctx, []string{layout}); err != nil || rep.Partial {
		t.Fatalf("after the template is fixed: %v; want a full build", err)
	}
}

// firstDiff shows where two texts part.
func firstDiff(got, want string) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(0, i-80)
	return "partial: …" + got[from:min(len(got), i+80)] + "…\nfull:    …" + want[from:min(len(want), i+80)] + "…"
}

// TestPartialBuildMakesWhatChanged edits one article in the ways a writer
// does; a partial build leaves out the product pages of other products and,
// unless a message changed, the search page. Every page, the sitemap and
// the feed must still be what a full build of the edited project writes.
func TestPartialBuildMakesWhatChanged(t *testing.T) {
	const file = "content/ios-mail/cannot-verify-server-identity.yaml"
	for _, edit := range []struct {
		name, old, new string
		// pages is how many pages the edit changes, when it is known:
		// the article's, its product's and the home page's. The related
		// lists that show it (on four of the six other articles) show
		// neither its quick answer nor its date.
		pages int
	}{
		{"error message", "\nerror: Cannot verify server identity\n", "\nerror: Cannot verify the server identity\n", 0},
		{"quick answer", "\nsummary: ", "\nsummary: Edited first. ", 3},
		{"date", "\nupdated: 2026-11-28\n", "\nupdated: 2026-11-29\n", 3},
	} {
		t.Run(edit.name, func(t *testing.T) {
			ctx := context.Background()
			project := sitetest.Project(t, realContent(t))
			s := build.NewSession(build.Options{Project: project})
			defer s.Close()
			if _, err := s.Build(ctx, nil); err != nil {
				t.Fatal(err)
			}
			src, err := afero.ReadFile(project, "/"+file)
			if err != nil {
				t.Fatal(err)
			}
			edited := strings.Replace(string(src), edit.old, edit.new, 1)
			if edited == string(src) {
				t.Fatalf("%q is not in the seed", edit.old)
			}
			if err := afero.WriteFile(project, "/"+file, []byte(edited), 0o666); err != nil {
				t.Fatal(err)
			}
			rep, err := s.Build(ctx, []string{file})
			if err != nil || !rep.Partial {
				t.Fatalf("after the edit: %v, partial %v", err, rep != nil && rep.Partial)
			}
			if edit.pages != 0 && rep.Pages != edit.pages {
				t.Errorf("the edit changed %d pages; want %d", rep.Pages, edit.pages)
			}
			full := afero.NewMemMapFs()
			if _, err := build.Run(ctx, build.Options{Project: project, Dest: full}); err != nil {
				t.Fatal(err)
			}
			err = afero.Walk(full, "/public", func(name string, info fs.FileInfo, err error) error {
				if err != nil || info.IsDir() || !strings.HasSuffix(name, ".html") && !strings.HasSuffix(name, ".xml") {
					return err // pages, and the sitemap and feed
				}
				got, err := afero.ReadFile(s.Site(), name)
				if err != nil {
					t.Errorf("partial build: %v", err)
					return nil
				}
				want, _ := afero.ReadFile(full, name)
				if string(got) != string(want) {
					t.Errorf("%s differs from a full build's:\n%s", name, firstDiff(string(got), string(want)))
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}
