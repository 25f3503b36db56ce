package site

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"kbgen/generator/jsonld"
	"kbgen/generator/kb"
	"kbgen/generator/markdown"
)

// FeedCount is how many articles the feed lists.
const FeedCount = 50

// Feed is /index.xml: an RSS 2.0 feed of the FeedCount most recently
// updated articles, newest first (then by URL), each with the title and
// description its page has. An update gets a new guid (the URL and the
// day), so feed readers show the article again.
//
// Go writes it, not Hugo, as it does the sitemap: a Hugo feed lists pages
// of the whole site, so Hugo made it again after every edit in serve, and
// each output format of the home page is a walk over every page in each
// of Hugo's rebuilds (about 25 ms each at 10,000 articles).
func Feed(articles []*kb.Article, md *markdown.Renderer, s jsonld.Site) []byte {
	items := newestArticles(articles, FeedCount)
	var b strings.Builder
	b.Grow(1024 + len(items)*600)
	b.WriteString(xmlHeader + `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">` + "\n<channel>\n")
	element(&b, "title", s.Name)
	element(&b, "link", s.BaseURL)
	element(&b, "description", s.Description)
	element(&b, "language", s.Language)
	if len(items) > 0 {
		element(&b, "lastBuildDate", rssDate(items[0].Updated))
	}
	b.WriteString(`<atom:link href="`)
	xmlEscaper.WriteString(&b, s.Abs("/index.xml"))
	b.WriteString(`" rel="self" type="application/rss+xml"/>` + "\n")
	for _, a := range items {
		url := s.Abs(a.URL())
		b.WriteString("<item>\n")
		element(&b, "title", md.OneLine(a.DisplayTitle()))
		element(&b, "link", url)
		element(&b, "pubDate", rssDate(a.Updated))
		b.WriteString(`<guid isPermaLink="false">`)
		xmlEscaper.WriteString(&b, url+"#"+a.Updated.String())
		b.WriteString("</guid>\n")
		element(&b, "description", md.OneLine(a.Summary.Src))
		b.WriteString("</item>\n")
	}
	b.WriteString("</channel>\n</rss>\n")
	return []byte(b.String())
}

// element writes <tag>text</tag> and a line break, the text escaped.
func element(b *strings.Builder, tag, text string) {
	b.WriteString("<" + tag + ">")
	xmlEscaper.WriteString(b, text)
	b.WriteString("</" + tag + ">\n")
}

// rssDate is a day as RSS dates are written (RFC 822, four-digit year).
func rssDate(d kb.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Time.Format(time.RFC1123Z) // midnight UTC: +0000
}

// newestArticles returns the n most recently updated articles, newest
// first and then by URL (the home page's and the feed's order), keeping
// only n as it goes.
func newestArticles(articles []*kb.Article, n int) []*kb.Article {
	type dated struct {
		updated, url string
		a            *kb.Article
	}
	order := func(x, y dated) int { return cmp.Or(-cmp.Compare(x.updated, y.updated), cmp.Compare(x.url, y.url)) }
	var top []dated // sorted by order, at most n
	for _, a := range articles {
		d := dated{a.Updated.String(), a.URL(), a}
		if len(top) == n && order(d, top[len(top)-1]) >= 0 {
			continue
		}
		at, _ := slices.BinarySearchFunc(top, d, order)
		top = slices.Insert(top, at, d)
		top = top[:min(len(top), n)]
	}
	out := make([]*kb.Article, len(top))
	for i, d := range top {
		out[i] = d.a
	}
	return out
}

// MaxShortName is the longest name a browser shows for the site's search
// (OpenSearch's ShortName).
const MaxShortName = 16

// OpenSearch is /opensearch.xml, which lets a browser add the site's
// search (/search/?q=…). shortName is cut to MaxShortName characters, at a
// space when there is one; empty, the site's name is used.
func OpenSearch(s jsonld.Site, shortName string) []byte {
	name := words(cmp.Or(shortName, s.Name), MaxShortName)
	var b strings.Builder
	b.WriteString(xmlHeader + `<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">` + "\n")
	element(&b, "ShortName", name)
	element(&b, "Description", s.Description)
	element(&b, "InputEncoding", "UTF-8")
	element(&b, "Language", s.Language)
	b.WriteString(`<Image width="32" height="32" type="image/x-icon">`)
	xmlEscaper.WriteString(&b, s.Abs("/favicon.ico"))
	b.WriteString("</Image>\n" + `<Url type="text/html" method="get" template="`)
	xmlEscaper.WriteString(&b, s.Abs("/search/")+"?q={searchTerms}")
	b.WriteString(`"/>` + "\n" + `<Url type="application/opensearchdescription+xml" rel="self" template="`)
	xmlEscaper.WriteString(&b, s.Abs("/opensearch.xml"))
	b.WriteString(`"/>` + "\n</OpenSearchDescription>\n")
	return []byte(b.String())
}
