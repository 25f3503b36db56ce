package kb

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// LinkFinder calls yield with the destination of each link and image of a
// Markdown text, and an image's alt text (markdown.Renderer.Links: kb does
// not parse Markdown).
type LinkFinder func(src string, yield func(dest, alt string, image bool))

// Files reports whether the site publishes a file at a path
// (/mail-settings.png): the files of the project's static/root. A nil
// Files does not know, and images are not looked for.
type Files func(path string) bool

// A site is what a link inside the knowledge base may point at: the
// articles (by URL, and by their old addresses), the product pages, the
// home page and the search page.
type site struct {
	files    Files
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
// file of the site (one files knows), since the Content-Security-Policy
// (netlify.toml) blocks images from elsewhere, and says what it shows
// (its alt text, which is what readers who cannot see it get). Only the
// texts that hold a link are parsed.
func ValidateLinks(articles, check []*Article, links LinkFinder, files Files) ErrorList {
	s := newSite(articles)
	s.files = files
	return eachArticle(check, func(a *Article, errs *ErrorList) {
		a.markdownFields(func(t Text, f field) {
			titled := false
			links(t.Src, func(dest, alt string, image bool) {
				if image && strings.TrimSpace(alt) == "" {
					errs.Add(t.Pos, f.String(), fmt.Sprintf("image %q has no description: write what it shows between the brackets, ![The Mail settings with SSL turned on](%s); readers who cannot see it hear or read this instead", dest, dest))
				}
				if f.name == "fixes[].title" && !image && !titled {
					// The title is the text of links to the fix: in the
					// table of contents, under each cause, after the
					// quick answer. A link inside a link breaks both.
					titled = true
					errs.Add(t.Pos, f.String(), "a fix's title is shown as a link to the fix, so it cannot hold a link: put the link in a step")
				}
				if msg := s.check(a, dest, image); msg != "" {
					errs.Add(t.Pos, f.String(), msg)
				}
			})
		})
	})
}

// TextFunc returns the plain text of a Markdown text, as the API, the
// replies and the search index give it (markdown.Renderer.Text).
type TextFunc func(src string) string

// ValidateText reports the Markdown fields of check that show no words
// once read: a link without text ("[](https://…)"), markup alone
// ("** **", "---", an empty code block). A text with an image is
// ValidateLinks's: an image must have its description. The page would show
// nothing there, a reply an empty step, and the API an empty text, which
// its schema refuses. Only a text that could read as nothing is parsed:
// one with no letter or digit left once unseen drops what a reader never
// sees as words, or with an entity (&nbsp; shows a space, not words).
func ValidateText(check []*Article, text TextFunc) ErrorList {
	return eachArticle(check, func(a *Article, errs *ErrorList) {
		a.markdownFields(func(t Text, f field) {
			src := t.Src
			if strings.TrimSpace(src) == "" {
				return // empty: the loader's to report, or an optional field left out
			}
			if strings.Contains(src, "![") {
				return // an image: ValidateLinks asks for its description
			}
			if hasWord(unseen(src)) && !mayHaveEntity(src) {
				return // a letter or digit a reader sees: shown (an entity's, &nbsp;, is not)
			}
			if strings.TrimSpace(text(src)) == "" {
				errs.Add(t.Pos, f.String(), "shows no words once its Markdown is read: write the words the markup is around, and give a link its text ([the vendor's site](https://…))")
			}
		})
	})
}

// mayHaveEntity reports an "&" that may start an entity reference
// (&nbsp;, &#160;): one followed by a letter or "#" and, soon after, ";".
// "Update & Security" has none.
func mayHaveEntity(s string) bool {
	for i := strings.IndexByte(s, '&'); i >= 0; {
		rest := s[i+1:]
		if rest != "" && (rest[0] == '#' || rest[0] >= 'a' && rest[0] <= 'z' || rest[0] >= 'A' && rest[0] <= 'Z') {
			if j := strings.IndexByte(rest, ';'); j > 0 && j <= 32 {
				return true
			}
		}
		next := strings.IndexByte(rest, '&')
		if next < 0 {
			return false
		}
		i += 1 + next
	}
	return false
}

func hasWord(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })
}

// unseen is src without the parts of its Markdown a reader never sees
// as words: the destinations of inline links ("](…)"), the labels of
// reference links ("[text][label]"), the lines of
// reference definitions ("[r]: https://…") and the fences of code blocks
// ("```ini"). A word left is shown. Scanning for that spares check the
// parser (and the highlighting of code blocks) for the many texts with
// links or code: it had made check 40% slower at 10,000 articles.
func unseen(src string) string {
	if !strings.Contains(src, "](") && !strings.Contains(src, "]:") && !strings.Contains(src, "``") && !strings.Contains(src, "~~") {
		return src
	}
	var b strings.Builder
	for line := range strings.Lines(src) {
		t := strings.TrimLeft(line, " ")
		if strings.HasPrefix(t, "[") && strings.Contains(t, "]:") || strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			continue
		}
		for {
			// An inline link's destination, "](…)", or a reference
			// link's label, "][…]": [][r] shows no words.
			i, closer := strings.Index(line, "]("), byte(')')
			if j := strings.Index(line, "]["); j >= 0 && (i < 0 || j < i) {
				i, closer = j, ']'
			}
			if i < 0 {
				break
			}
			b.WriteString(line[:i])
			end := strings.IndexByte(line[i+1:], closer)
			if end < 0 {
				line = ""
				break
			}
			line = line[i+1+end+1:]
		}
		b.WriteString(line)
	}
	return b.String()
}

// A field names a text of an article, as diagnostics print it:
// fixes[0].steps[2]. It is made into a string only when a problem is
// reported: most fields never need it.
type field struct {
	name string // "title", "causes[].text", "fixes[].steps[]"…
	i, j int
}

func (f field) String() string {
	before, after, ok := strings.Cut(f.name, "[]")
	if !ok {
		return f.name
	}
	s := fmt.Sprintf("%s[%d]", before, f.i)
	if before, after2, ok := strings.Cut(after, "[]"); ok {
		return s + fmt.Sprintf("%s[%d]", before, f.j) + after2
	}
	return s + after
}

// markdownFields calls yield with each text of a that is Markdown, in
// file order, with its field.
func (a *Article) markdownFields(yield func(t Text, f field)) {
	yield(a.Title, field{name: "title"})
	yield(a.Summary, field{name: "summary"})
	for i, c := range a.Causes {
		yield(c.Text, field{"causes[].text", i, 0})
	}
	for i, f := range a.Fixes {
		yield(f.Title, field{"fixes[].title", i, 0})
		yield(f.Note, field{"fixes[].note", i, 0})
		yield(f.Warning, field{"fixes[].warning", i, 0})
		for j, st := range f.Steps {
			yield(st, field{"fixes[].steps[]", i, j})
		}
	}
	for i, q := range a.FAQ {
		yield(q.Q, field{"faq[].q", i, 0})
		yield(q.A, field{"faq[].a", i, 0})
	}
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
	case image && (scheme != "" || u.Host != ""):
		return fmt.Sprintf("image %q is on another site, and the site's security policy blocks images from elsewhere: put the file in static/root/ and write its path (\"/%s\")", dest, pathBase(u.Path))
	case scheme == "http" || scheme == "https" || scheme == "mailto", scheme == "" && u.Host != "":
		return "" // another site's address (//example.com/help: the page's scheme)
	case scheme != "":
		return fmt.Sprintf("link to %q is not allowed: links may point to https://, http:// or mailto: addresses, or to pages of this site (%s)", dest, a.URL())
	case looksLikeHost.MatchString(dest):
		return fmt.Sprintf("%s %q has no https:// at its start, so it would point inside this site: write %q", what, dest, "https://"+dest)
	case u.Path != "" && !strings.HasPrefix(u.Path, "/"):
		return fmt.Sprintf("%s %q is relative to this article's address: start a page of this site with / (%s), or write a full https:// address", what, dest, a.URL())
	case image:
		if s.files == nil || u.Path == "" || s.files(u.Path) {
			return ""
		}
		return fmt.Sprintf("image %q is not a file of the site: put the file in static/root/ (static/root%s), or check the name's spelling and case", dest, u.Path)
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
	anchors := target.anchors()
	if !slices.Contains(SectionIDs, u.Fragment) && !slices.ContainsFunc(anchors, func(an anchor) bool { return an.id == u.Fragment }) {
		var ids []string // for the suggestion
		for _, id := range SectionIDs {
			ids = append(ids, "#"+id)
		}
		for _, an := range anchors {
			ids = append(ids, "#"+an.id)
		}
		page := "this page"
		if target != a {
			page = target.URL()
		}
		return fmt.Sprintf("link to %q: %s has no anchor #%s%s; anchors come from the ids of causes, fixes, steps and questions", dest, page, u.Fragment, suggest("#"+u.Fragment, ids))
	}
	return ""
}

func pathBase(p string) string { return p[strings.LastIndexByte(p, '/')+1:] }
