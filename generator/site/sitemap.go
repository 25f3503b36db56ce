package site

import (
	"slices"
	"strconv"
	"strings"

	"kbgen/generator/jsonld"
	"kbgen/generator/kb"
)

// MaxSitemapURLs is the most addresses one sitemap file may list
// (sitemaps.org, 0.9). A larger site gets a sitemap index.
const MaxSitemapURLs = 50000

// Sitemaps returns the site's sitemap files by name. sitemap.xml lists
// every page a search engine should find: the home page, each product page
// and each article, with the day it last changed, the same dates as the
// pages' lastmod (an article's updated; a product's or the home page's,
// its newest article's). Search, thanks and 404 pages are not listed
// (noindex). A site with more than perFile pages (normally
// MaxSitemapURLs, which a perFile of 0 or less means) gets sitemap-1.xml,
// sitemap-2.xml, …, each of at most perFile addresses, and sitemap.xml is
// their index.
//
// Go writes the sitemap, not Hugo: Hugo's lists every page, and on a
// partial rebuild (serve) Hugo rendered it again after any edit, sorting
// every page of the site, which was a third of the rebuild at 10,000
// articles.
func Sitemaps(articles []*kb.Article, s jsonld.Site, perFile int) map[string][]byte {
	if perFile <= 0 {
		perFile = MaxSitemapURLs
	}
	type entry struct{ path, lastmod string }
	entries := []entry{{"/", newestUpdate(articles)}}
	slugs, byProduct := productsOf(articles)
	for _, slug := range slugs {
		list := byProduct[slug]
		entries = append(entries, entry{"/" + slug + "/", newestUpdate(list)})
		for _, a := range list {
			entries = append(entries, entry{a.URL(), a.Updated.String()})
		}
	}
	urlset := func(entries []entry) []byte {
		var b strings.Builder
		b.Grow(len(entries) * 100)
		b.WriteString(xmlHeader + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
		for _, e := range entries {
			writeSitemapEntry(&b, "url", s.Abs(e.path), e.lastmod)
		}
		b.WriteString("</urlset>\n")
		return []byte(b.String())
	}
	if len(entries) <= perFile {
		return map[string][]byte{"sitemap.xml": urlset(entries)}
	}
	files := make(map[string][]byte)
	var index strings.Builder
	index.WriteString(xmlHeader + `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for i := 0; i*perFile < len(entries); i++ {
		part := entries[i*perFile : min((i+1)*perFile, len(entries))]
		name := "sitemap-" + strconv.Itoa(i+1) + ".xml"
		files[name] = urlset(part)
		var newest string
		for _, e := range part {
			newest = max(newest, e.lastmod)
		}
		writeSitemapEntry(&index, "sitemap", s.Abs("/"+name), newest)
	}
	index.WriteString("</sitemapindex>\n")
	files["sitemap.xml"] = []byte(index.String())
	return files
}

const xmlHeader = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"

// writeSitemapEntry writes <url> or <sitemap> with its address and, when
// known, the day it last changed (a W3C date, as sitemaps.org allows).
func writeSitemapEntry(b *strings.Builder, tag, loc, lastmod string) {
	b.WriteString("<" + tag + "><loc>")
	xmlEscaper.WriteString(b, loc)
	b.WriteString("</loc>")
	if lastmod != "" {
		b.WriteString("<lastmod>")
		xmlEscaper.WriteString(b, lastmod)
		b.WriteString("</lastmod>")
	}
	b.WriteString("</" + tag + ">\n")
}

var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;")

// productsOf groups the articles by product: the product slugs sorted, and
// each product's articles in the order given.
func productsOf(articles []*kb.Article) ([]string, map[string][]*kb.Article) {
	byProduct := make(map[string][]*kb.Article)
	var slugs []string
	for _, a := range articles {
		if _, ok := byProduct[a.ProductSlug]; !ok {
			slugs = append(slugs, a.ProductSlug)
		}
		byProduct[a.ProductSlug] = append(byProduct[a.ProductSlug], a)
	}
	slices.Sort(slugs)
	return slugs, byProduct
}

// newestUpdate is the day the newest of the articles was updated: the
// lastmod of a page that lists them.
func newestUpdate(articles []*kb.Article) string {
	var newest string
	for _, a := range articles {
		newest = max(newest, a.Updated.String())
	}
	return newest
}
