package kb

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// LinkFinder calls yield with the destination of each link and image of a
// Markdown text (markdown.Renderer.Links: kb does not parse Markdown).
type LinkFinder func(src string, yield func(dest string, image bool))

// A site is what a link inside the knowledge base may point at: the
// articles (by URL, and by their old addresses), the product pages, the
// home page and the search page.
type site struct {
	articles map[string]*Article
	pages    map[string]bool
	urls     []string // every page, for suggestions
}

func newSite(articles []*Article) *site {
	s := &site{articles: make(map[string]*Article, len(articles)), pages: map[string]bool{"/": true, "/search/": true}}
	for _, a := range articles {
		s.articles[a.URL()] = a
		s.pages["/"+a.ProductSlug+"/"] = true
		for _, t := range a.Aliases {
			s.pages[t.Src] = true
		}
	}
	for u := range s.articles {
		s.urls = append(s.urls, u)
	}
	for u := range s.pages {
		s.urls = append(s.urls, u)
	}
	slices.Sort(s.urls)
	return s
}

// looksLikeHost is a destination that is an address without its scheme:
// www.example.com/support, support.apple.com.
var looksLikeHost = regexp.MustCompile(`^(?i:www\.|[a-z0-9-]+(\.[a-z0-9-]+)*\.(com|org|net|io|dev|app|co|edu|gov|info)(/|$))`)

// ValidateLinks checks the links and images of the Markdown fields of
// check, articles of the knowledge base articles: what the page would
// publish broken or drop. A link goes to an https, http or mailto address
// or to a page of the site (and an anchor of an article); an image is a
// file of the site, since the Content-Security-Policy (netlify.toml) blocks
// images from elsewhere. Only the texts that hold a link are parsed.
func ValidateLinks(articles, check []*Article, links LinkFinder) ErrorList {
	s := newSite(articles)
	return eachArticle(check, func(a *Article, errs *ErrorList) {
		if !a.mentions("](") && !a.mentions("<") && !a.mentions("]:") {
			return
		}
		for _, f := range a.textFields() {
			switch {
			case f.field == "error" || f.field == "product",
				strings.HasPrefix(f.field, "codes["), strings.HasPrefix(f.field, "platforms["), strings.HasPrefix(f.field, "tags["):
				continue // plain text, never Markdown
			}
			links(f.text.Src, func(dest string, image bool) {
				if msg := s.check(a, dest, image); msg != "" {
					errs.Add(f.text.Pos, f.field, msg)
				}
			})
		}
	})
}

// check returns what is wrong with a link or image to dest on article a's
// page, or "".
func (s *site) check(a *Article, dest string, image bool) string {
	what := "link to"
	if image {
		what = "image"
	}
	u, err := url.Parse(strings.TrimSpace(dest))
	if err != nil || strings.Contains(strings.SplitN(dest, "/", 2)[0], ":") && u.Scheme == "" {
		return fmt.Sprintf("%s %q is not a valid address: check it for spaces or stray characters", what, dest)
	}
	switch scheme := strings.ToLower(u.Scheme); {
	case image && scheme != "":
		return fmt.Sprintf("image %q is on another site, and the site's security policy blocks images from elsewhere: put the file in static/root/ and write its path (\"/%s\")", dest, pathBase(u.Path))
	case scheme == "http" || scheme == "https" || scheme == "mailto":
		return ""
	case scheme != "":
		return fmt.Sprintf("link to %q is not allowed: links may point to https://, http:// or mailto: addresses, or to pages of this site (%s)", dest, a.URL())
	case looksLikeHost.MatchString(dest):
		return fmt.Sprintf("%s %q has no https:// at its start, so it would point inside this site: write %q", what, dest, "https://"+dest)
	case u.Path != "" && !strings.HasPrefix(u.Path, "/"):
		return fmt.Sprintf("%s %q is relative to this article's address: start a page of this site with / (%s), or write a full https:// address", what, dest, a.URL())
	case image:
		return "" // a file of the site: static/root/ is not the knowledge base's to know
	}
	target := a
	if u.Path != "" {
		p := u.Path
		if pathBase(p) != "" && strings.Contains(pathBase(p), ".") {
			return "" // a file (reply.txt, a download): not a page
		}
		if !strings.HasSuffix(p, "/") {
			p += "/"
		}
		target = s.articles[p]
		if target == nil && !s.pages[p] {
			return fmt.Sprintf("link to %q: no page of this site has that address%s", dest, suggest(p, s.urls))
		}
	}
	if u.Fragment == "" || target == nil {
		return "" // a product page's or the home page's own ids are the templates'
	}
	var ids []string
	for _, id := range SectionIDs {
		ids = append(ids, "#"+id)
	}
	for _, an := range target.anchors() {
		ids = append(ids, "#"+an.id)
	}
	if !slices.Contains(ids, "#"+u.Fragment) {
		page := "this page"
		if target != a {
			page = target.URL()
		}
		return fmt.Sprintf("link to %q: %s has no anchor #%s%s; anchors come from the ids of causes, fixes and steps", dest, page, u.Fragment, suggest("#"+u.Fragment, ids))
	}
	return ""
}

func pathBase(p string) string { return p[strings.LastIndexByte(p, '/')+1:] }
