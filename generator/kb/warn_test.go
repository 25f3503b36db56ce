package kb_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"kbgen/generator/kb"
)

// article returns a valid article that draws no warning, with each field at
// its own line, changed by edit.
func article(file string, edit func(a *kb.Article)) *kb.Article {
	at := func(line int) kb.Pos { return kb.Pos{File: file, Line: line, Col: 3} }
	text := func(s string, line int) kb.Text { return kb.Text{Src: s, Pos: at(line)} }
	id := func(s string, line int) kb.ID { return kb.ID{Value: s, Pos: at(line)} }
	slash := strings.LastIndexByte(file, '/')
	a := &kb.Article{
		File:        file,
		ProductSlug: file[strings.IndexByte(file, '/')+1 : slash],
		Slug:        strings.TrimSuffix(file[slash+1:], ".yaml"),
		Error:       text("Cannot connect to the server", 1),
		Product:     text("App", 2),
		Updated:     kb.Date{Time: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC), Pos: at(3)},
		Summary:     text("The app cannot reach its server: check the network, then restart the app.", 4),
		Causes: []kb.Cause{
			{ID: id("offline", 6), Text: text("The device is offline.", 7), Pos: at(6)},
			{ID: id("server-down", 8), Text: text("The server is down.", 9), Pos: at(8)},
		},
		Fixes: []kb.Fix{{
			ID: id("go-online", 11), Title: text("Go online", 12), Level: kb.Basic,
			Solves: []kb.ID{id("offline", 13), id("server-down", 13)},
			Steps:  []kb.Text{text("Turn off airplane mode.", 14)},
			Pos:    at(11),
		}},
		FAQ: []kb.QA{{Q: text("Is my data safe?", 16), A: text("Yes: nothing is deleted.", 17), Pos: at(16)}},
		Pos: kb.Pos{File: file, Line: 1, Col: 1},
	}
	if edit != nil {
		edit(a)
	}
	return a
}

func TestWarnings(t *testing.T) {
	today := time.Date(2027, 3, 1, 23, 30, 0, 0, time.FixedZone("UTC-5", -5*3600))
	const f = "content/app/cannot-connect.yaml"
	tests := []struct {
		name     string
		articles []*kb.Article
		want     []string
	}{
		{
			name:     "clean",
			articles: []*kb.Article{article(f, nil)},
		},
		{
			name: "placeholders from the template",
			articles: []*kb.Article{article(f, func(a *kb.Article) {
				a.Summary.Src = "TODO Say what the message means and give the fastest fix, in two to four sentences."
				a.Causes[0].ID.Value = "todo-first-cause"
				a.Fixes[0].ID.Value = "todo-first-fix"
				a.Fixes[0].Solves[0].Value = "todo-first-cause"
				a.Fixes[0].Steps[0].Src = "TODO Open the **Settings** app."
				a.FAQ[0].A.Src = "TODO."
				a.Causes[1].Text.Src = "Not a placeholder: TODOS, todo and mastodon are words."
				a.Error.Src = "TODO list is full" // the product's words, not a placeholder
			})},
			want: []string{
				f + ":4:3: summary: still has placeholder text (TODO): replace it with your own words",
				f + `:6:3: causes[0].id: "todo-first-cause" is a placeholder id: name the cause (for example "expired-certificate"); it becomes the link anchor, so choose one you can keep`,
				f + `:11:3: fixes[0].id: "todo-first-fix" is a placeholder id: name the fix (for example "accept-certificate"); it becomes the link anchor, so choose one you can keep`,
				f + ":14:3: fixes[0].steps[0]: still has placeholder text (TODO): replace it with your own words",
				f + ":17:3: faq[0].a: still has placeholder text (TODO): replace it with your own words",
			},
		},
		{
			name: "fix that solves nothing, cause nothing solves",
			articles: []*kb.Article{article(f, func(a *kb.Article) {
				a.Fixes[0].Solves = a.Fixes[0].Solves[:1]
				a.Fixes = append(a.Fixes, kb.Fix{ID: kb.ID{Value: "wait"}, Title: kb.Text{Src: "Wait"}, Level: kb.Advanced, Steps: []kb.Text{{Src: "Wait."}}, Pos: kb.Pos{File: f, Line: 20, Col: 5}})
			})},
			want: []string{
				f + `:8:3: causes[1]: no fix solves "server-down": add it to the solves of the fix that addresses it, or remove the cause`,
				f + ":20:5: fixes[1].solves: the fix solves no cause: list the ids of the causes it addresses (causes are: offline, server-down)",
			},
		},
		{
			name: "codes, platforms and tags listed twice",
			articles: []*kb.Article{article(f, func(a *kb.Article) {
				a.Codes = []kb.Text{{Src: "0x80070005", Pos: kb.Pos{File: f, Line: 30, Col: 5}}, {Src: "0X80070005", Pos: kb.Pos{File: f, Line: 31, Col: 5}}}
				a.Platforms = []kb.Text{{Src: "iOS", Pos: kb.Pos{File: f, Line: 32, Col: 5}}, {Src: "iPadOS", Pos: kb.Pos{File: f, Line: 33, Col: 5}}, {Src: "iOS", Pos: kb.Pos{File: f, Line: 34, Col: 5}}}
				a.Tags = []kb.Text{{Src: "mail", Pos: kb.Pos{File: f, Line: 35, Col: 5}}, {Src: "ssl", Pos: kb.Pos{File: f, Line: 36, Col: 5}}}
			})},
			want: []string{
				f + `:31:5: codes[1]: "0X80070005" is listed twice (codes[0]): delete one`,
				f + `:34:5: platforms[2]: "iOS" is listed twice (platforms[0]): delete one`,
			},
		},
		{
			name: "links a typo broke",
			articles: []*kb.Article{article(f, func(a *kb.Article) {
				a.Fixes[0].Steps = []kb.Text{
					{Src: "See [Slack help] (https://slack.com/help) for domains.", Pos: kb.Pos{File: f, Line: 40, Col: 9}},
					{Src: "See [Slack help(https://slack.com/help) for domains.", Pos: kb.Pos{File: f, Line: 41, Col: 9}},
					{Src: "See [Slack help](https://slack.com/help), [x][r] and `[a] (https://b.c)` [sic] (as written).", Pos: kb.Pos{File: f, Line: 42, Col: 9}},
				}
			})},
			want: []string{
				f + `:40:9: fixes[0].steps[0]: "[Slack help] (https://" is shown as typed, not as a link: write the address right after the "]", with no space: [text](https://…)`,
				f + `:41:9: fixes[0].steps[1]: "[Slack help(https://" is shown as typed, not as a link: close the link's text with "]" before the address: [text](https://…)`,
			},
		},
		{
			name: "summary too long",
			articles: []*kb.Article{article(f, func(a *kb.Article) {
				a.Summary.Src = strings.Repeat("word ", 64) + "\n  end."
			})},
			want: []string{f + ":4:3: summary: 324 characters is too long for a search result snippet: keep the quick answer under 320 and move details to causes and fixes"},
		},
		{
			name: "summary at the bounds",
			articles: []*kb.Article{
				article(f, func(a *kb.Article) { a.Summary.Src = strings.Repeat("x", 300) }),
				article("content/app/b.yaml", func(a *kb.Article) { a.Error.Src = "Other"; a.Summary.Src = strings.Repeat("é", 50) }),
			},
		},
		{
			name: "summary too short",
			articles: []*kb.Article{article(f, func(a *kb.Article) {
				a.Summary.Src = "Restart the app."
			})},
			want: []string{f + ":4:3: summary: 16 characters is too short to answer: say what the error means and the fastest fix, in at least 50"},
		},
		{
			name: "review_by passed, today and future",
			articles: []*kb.Article{
				article(f, func(a *kb.Article) {
					a.ReviewBy = kb.Date{Time: time.Date(2027, 2, 28, 0, 0, 0, 0, time.UTC), Pos: kb.Pos{File: f, Line: 5, Col: 12}}
				}),
				article("content/app/b.yaml", func(a *kb.Article) {
					a.Error.Src = "Other"
					a.ReviewBy = kb.Date{Time: time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)} // today, in today's zone
				}),
				article("content/app/c.yaml", func(a *kb.Article) {
					a.Error.Src = "Another"
					a.ReviewBy = kb.Date{Time: time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC)}
				}),
			},
			want: []string{f + ":5:12: review_by: 2027-02-28 has passed: check that the article is still right, then set a new review_by date (and updated, if you changed it)"},
		},
		{
			name: "HTML tags, not placeholders or code",
			articles: []*kb.Article{article(f, func(a *kb.Article) {
				a.Fixes[0].Steps[0].Src = "Tap <b>Settings</b>."
				a.Causes[0].Text.Src = "The server imap.<domain>.com is <your server> or < 5 ms away."
				a.FAQ[0].A.Src = "Type `<br>` in the field:\n\n```html\n<p>hi</p>\n```"
				a.Fixes[0].Note.Src = "\\`<img src=x>`"
				a.Summary.Src = "The app cannot reach its server: check the network.<br/>Then restart the app."
			})},
			want: []string{
				`: fixes[0].note: "<img src=x>" is shown as typed, not as HTML: use Markdown (**bold**, *italic*, [text](https://…), a blank line between paragraphs)`,
				f + `:4:3: summary: "<br/>" is shown as typed, not as HTML: use Markdown (**bold**, *italic*, [text](https://…), a blank line between paragraphs)`,
				f + `:14:3: fixes[0].steps[0]: "<b>" is shown as typed, not as HTML: use Markdown (**bold**, *italic*, [text](https://…), a blank line between paragraphs)`,
			},
		},
		{
			name: "the loader's notes",
			articles: []*kb.Article{article(f, func(a *kb.Article) {
				a.Notes.Add(kb.Pos{File: f, Line: 14, Col: 20}, "fixes[0].steps[0]", "cut by a comment")
			})},
			want: []string{f + ":14:20: fixes[0].steps[0]: cut by a comment"},
		},
		{
			name: "dated after tomorrow; tomorrow is allowed",
			articles: []*kb.Article{
				article(f, func(a *kb.Article) {
					a.Published = kb.Date{Time: time.Date(2027, 3, 3, 0, 0, 0, 0, time.UTC), Pos: kb.Pos{File: f, Line: 3, Col: 12}}
					a.Updated = kb.Date{Time: time.Date(2072, 3, 3, 0, 0, 0, 0, time.UTC), Pos: kb.Pos{File: f, Line: 4, Col: 10}}
				}),
				article("content/app/b.yaml", func(a *kb.Article) {
					a.Error.Src = "Other"
					a.Updated = kb.Date{Time: time.Date(2027, 3, 2, 0, 0, 0, 0, time.UTC)} // tomorrow, east of today's zone
				}),
			},
			want: []string{
				f + ":3:12: published: 2027-03-03 is after today (2027-03-01): the page, the sitemap and search results would show a day that has not come; use the day of the change",
				f + ":4:10: updated: 2072-03-03 is after today (2027-03-01): the page, the sitemap and search results would show a day that has not come; use the day of the change",
			},
		},
		{
			name: "FAQ answer repeats the question",
			articles: []*kb.Article{article(f, func(a *kb.Article) {
				a.FAQ = append(a.FAQ,
					kb.QA{Q: kb.Text{Src: "Is it safe to trust the certificate?"}, A: kb.Text{Src: "is it safe to trust the certificate", Pos: kb.Pos{File: f, Line: 19, Col: 8}}},
					kb.QA{Q: kb.Text{Src: "Will I lose mail?"}, A: kb.Text{Src: "Will I lose mail? No.", Pos: kb.Pos{File: f, Line: 21, Col: 8}}},
					kb.QA{Q: kb.Text{Src: "Will I lose mail?"}, A: kb.Text{Src: "Will I lose mailboxes? No.", Pos: kb.Pos{File: f, Line: 23, Col: 8}}},
				)
			})},
			want: []string{
				f + ":19:8: faq[1].a: the answer repeats the question: the page already shows the question, so answer it directly",
				f + ":21:8: faq[2].a: the answer repeats the question: the page already shows the question, so answer it directly",
			},
		},
		{
			name: "near-duplicate messages in one product",
			articles: []*kb.Article{
				article("content/app/a.yaml", func(a *kb.Article) { a.Error.Src = "Cannot connect to server" }),
				article("content/app/b.yaml", func(a *kb.Article) { a.Error.Src = "Cannot connect to the server." }),
				article("content/app/c.yaml", func(a *kb.Article) { a.Error.Src = "Error: cannot connect to the server. Try again later" }),
				article("content/other/d.yaml", func(a *kb.Article) { a.Error.Src = "Cannot connect to server"; a.Product.Src = "Other" }),
			},
			want: []string{
				`content/app/b.yaml:1:3: error: nearly the same message as content/app/a.yaml (line 1): "Cannot connect to server"; if it is the same error, merge the two articles`,
				`content/app/c.yaml:1:3: error: nearly the same message as content/app/b.yaml (line 1): "Cannot connect to the server."; if it is the same error, merge the two articles`,
			},
		},
		{
			name: "different messages and codes are not near",
			articles: []*kb.Article{
				article("content/app/a.yaml", func(a *kb.Article) { a.Error.Src = "Cannot send mail" }),
				article("content/app/b.yaml", func(a *kb.Article) { a.Error.Src = "Cannot get mail" }),
				article("content/app/c.yaml", func(a *kb.Article) { a.Error.Src = "Error 0x800CCC0E" }),
				article("content/app/d.yaml", func(a *kb.Article) { a.Error.Src = "Error 0x800CCC0F" }),
				article("content/app/e.yaml", func(a *kb.Article) { a.Error.Src = "Error 53" }),
				article("content/app/f.yaml", func(a *kb.Article) { a.Error.Src = "Error 530: access denied" }),
				article("content/app/g.yaml", func(a *kb.Article) { a.Error.Src = "Error" }),
				article("content/app/h.yaml", func(a *kb.Article) { a.Error.Src = "Error: the file is locked" }),
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if errs := kb.Validate(tc.articles); len(errs) > 0 {
				t.Fatalf("test articles are not valid:\n%v", errs)
			}
			var got []string
			for _, e := range kb.Warnings(tc.articles, today) {
				got = append(got, e.Error())
			}
			if diff := cmp.Diff(got, tc.want); diff != "" {
				t.Errorf("Warnings() mismatch (-got +want):\n%s", diff)
			}
		})
	}
}

func TestNearMessages(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"cannot connect to server", "cannot connect to the server", true},
		{"cannot verify server identity", "cannot verify the server identity", true},
		{"cannot verify server identity", "cannot verify server identity. tap details", true},
		{"cannot send mail", "cannot get mail", false},
		{"error 53", "error 54", false},
		{"error", "error 54", false},
		{"the file is locked", "the file is lockd", true},
		{"short", "shorts", false},
	}
	for _, tc := range tests {
		if got := kb.NearMessages(tc.a, tc.b); got != tc.want {
			t.Errorf("NearMessages(%q, %q) = %v; want %v", tc.a, tc.b, got, tc.want)
		}
		if got := kb.NearMessages(tc.b, tc.a); got != tc.want {
			t.Errorf("NearMessages(%q, %q) = %v; want %v", tc.b, tc.a, got, tc.want)
		}
	}
}
