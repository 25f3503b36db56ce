package site_test

import (
	"cmp"
	"encoding/xml"
	"slices"
	"strings"
	"testing"
	"time"

	"kbgen/generator/internal/sitetest"
	"kbgen/generator/jsonld"
	"kbgen/generator/kb"
	"kbgen/generator/markdown"
	"kbgen/generator/site"
)

type rss struct {
	XMLName xml.Name `xml:"rss"`
	Version string   `xml:"version,attr"`
	Channel struct {
		Title       string `xml:"title"`
		Description string `xml:"description"`
		Language    string `xml:"language"`
		// <link> and <atom:link>: the XML package matches both by name.
		Links []struct {
			XMLName xml.Name
			Href    string `xml:"href,attr"`
			Rel     string `xml:"rel,attr"`
			Text    string `xml:",chardata"`
		} `xml:"link"`
		LastBuildDate string `xml:"lastBuildDate"`
		Items         []struct {
			Title       string `xml:"title"`
			Link        string `xml:"link"`
			PubDate     string `xml:"pubDate"`
			GUID        string `xml:"guid"`
			Description string `xml:"description"`
		} `xml:"item"`
	} `xml:"channel"`
}

// The feed lists the FeedCount most recently updated articles, newest
// first, then by URL, each with its page's title and description; its
// guid changes with the day of the update.
func TestFeed(t *testing.T) {
	articles := sitetest.Generated(t, 150)
	md := markdown.New()
	s := jsonld.Site{Name: "KB & more", Description: "Fixes.", Language: "en-US", BaseURL: "https://kb.example.org/"}
	var f rss
	if err := xml.Unmarshal(site.Feed(articles, md, s), &f); err != nil {
		t.Fatal(err)
	}
	c := f.Channel
	if f.Version != "2.0" || c.Title != "KB & more" || c.Description != "Fixes." || c.Language != "en-US" || len(c.Links) != 2 ||
		c.Links[0].XMLName.Space != "" || c.Links[0].Text != "https://kb.example.org/" ||
		c.Links[1].XMLName.Space != "http://www.w3.org/2005/Atom" || c.Links[1].Href != "https://kb.example.org/index.xml" || c.Links[1].Rel != "self" {
		t.Errorf("channel: title %q, language %q, links %+v", c.Title, c.Language, c.Links)
	}
	sorted := slices.Clone(articles)
	slices.SortFunc(sorted, func(a, b *kb.Article) int {
		return cmp.Or(-cmp.Compare(a.Updated.String(), b.Updated.String()), cmp.Compare(a.URL(), b.URL()))
	})
	if len(c.Items) != site.FeedCount {
		t.Fatalf("%d items; want %d", len(c.Items), site.FeedCount)
	}
	pages, err := site.Pages(articles, md, site.Config{Site: s})
	if err != nil {
		t.Fatal(err)
	}
	byURL := make(map[string]site.FrontMatter)
	for _, p := range pages {
		byURL[s.Abs(p.FrontMatter.URL)] = p.FrontMatter
	}
	for i, it := range c.Items {
		a := sorted[i]
		url := s.Abs(a.URL())
		fm := byURL[url]
		if it.Link != url || it.Title != fm.Title || it.Description != fm.Description || it.GUID != url+"#"+a.Updated.String() {
			t.Errorf("item %d: %s, %q, guid %s; want %s, its page's title %q and description", i, it.Link, it.Title, it.GUID, url, fm.Title)
		}
		d, err := time.Parse(time.RFC1123Z, it.PubDate)
		if err != nil || d.Format(time.DateOnly) != a.Updated.String() {
			t.Errorf("item %d: pubDate %q (%v); want the day %s", i, it.PubDate, err, a.Updated)
		}
	}
	if c.LastBuildDate != c.Items[0].PubDate {
		t.Errorf("lastBuildDate %q; want the newest item's, %q", c.LastBuildDate, c.Items[0].PubDate)
	}

	// Fewer articles than FeedCount: all of them.
	var few rss
	if err := xml.Unmarshal(site.Feed(articles[:3], md, s), &few); err != nil || len(few.Channel.Items) != 3 {
		t.Errorf("3 articles: %d items, %v", len(few.Channel.Items), err)
	}
}

// opensearch.xml names the search page with the query in its URL, and a
// short name of at most 16 characters, cut at a space.
func TestOpenSearch(t *testing.T) {
	type openSearch struct {
		XMLName   xml.Name `xml:"http://a9.com/-/spec/opensearch/1.1/ OpenSearchDescription"`
		ShortName string   `xml:"ShortName"`
		URLs      []struct {
			Type     string `xml:"type,attr"`
			Template string `xml:"template,attr"`
		} `xml:"Url"`
	}
	var o openSearch
	s := jsonld.Site{Name: "Troubleshooting Knowledge Base", Description: "Fixes.", Language: "en-US", BaseURL: "https://kb.example.org/"}
	for _, c := range []struct{ short, want string }{
		{"", "Troubleshooting"},
		{"Help", "Help"},
		{"Sixteen chars ok", "Sixteen chars ok"},
		{"Abcdefghijklmnopqrstuvwxyz", "Abcdefghijklmnop"},
		{"Acme Help Center Docs", "Acme Help Center"}, // the 17th is a space
		{"Acme Help Centers", "Acme Help"},
		{"Aide\u00a0en ligne Acme", "Aide\u00a0en ligne"},
		{"Été & co: aide en ligne", "Été & co: aide"},
	} {
		o = openSearch{}
		if err := xml.Unmarshal(site.OpenSearch(s, c.short), &o); err != nil {
			t.Fatal(err)
		}
		if o.ShortName != c.want {
			t.Errorf("short name %q: %q; want %q", c.short, o.ShortName, c.want)
		}
	}
	if len(o.URLs) != 2 || o.URLs[0].Type != "text/html" || o.URLs[0].Template != "https://kb.example.org/search/?q={searchTerms}" ||
		!strings.HasSuffix(o.URLs[1].Template, "/opensearch.xml") {
		t.Errorf("URLs %+v", o.URLs)
	}
}
