// Package site turns validated articles into the pages of the site: for each
// page, the view model its template arranges. Everything a template shows is
// decided here, in Go, from the article model; templates never compute.
package site

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"kbgen/generator/export"
	"kbgen/generator/internal/par"
	"kbgen/generator/jsonld"
	"kbgen/generator/kb"
	"kbgen/generator/markdown"
)

// A Page is one content page handed to Hugo: its path under Hugo's content
// directory and its front matter.
type Page struct {
	Path        string // ios-mail/cannot-verify-server-identity.md, ios-mail/_index.md, _index.md
	FrontMatter FrontMatter
}

// FrontMatter holds the keys Hugo reads itself (title, url, dates), the
// page's metadata and breadcrumb and, under KB, the view model of its
// template.
type FrontMatter struct {
	Title       string        `json:"title"`
	URL         string        `json:"url,omitempty"`
	Description string        `json:"description,omitempty"`
	Date        string        `json:"date,omitempty"`
	Lastmod     string        `json:"lastmod,omitempty"`
	Aliases     []string      `json:"aliases,omitempty"` // old paths: Hugo writes a redirect page at each
	Layout      string        `json:"layout,omitempty"`
	Build       *BuildOptions `json:"build,omitempty"`
	Sitemap     *Sitemap      `json:"sitemap,omitempty"`
	Meta        Meta          `json:"meta"`
	Breadcrumb  []Link        `json:"breadcrumb,omitempty"` // Home first, the page itself last
	KB          any           `json:"kb"`
}

// Sitemap is Hugo's per-page sitemap setting.
type Sitemap struct {
	Disable bool `json:"disable"`
}

// ArticlePath is where an article's page is in Hugo's content: a leaf
// bundle of its own under a/, not a file in its product's folder. Its URL
// is its front matter's; the place is for Hugo's partial rebuilds (serve):
// Hugo re-reads a whole folder when the folder's _index.md changes (a
// product page changes with almost any edit), and v0.165 re-reads only the
// first of several changed files of one folder (gohugoio/hugo#15330). One
// folder per article avoids both.
func ArticlePath(a *kb.Article) string {
	return "a/" + a.ProductSlug + "/" + a.Slug + "/index.md"
}

// articlesSection is the section page of a/: never rendered nor listed.
var articlesSection = Page{Path: "a/_index.md", FrontMatter: FrontMatter{
	Title: "Articles", Build: &BuildOptions{Render: "never", List: "never"}, Sitemap: &Sitemap{Disable: true}, KB: struct{}{},
}}

// BuildOptions are Hugo's per-page build options.
type BuildOptions struct {
	Render string `json:"render,omitempty"`
	List   string `json:"list,omitempty"`
}

// ErrorItem is an error message in the search page's A–Z list: only what
// the list shows, so that editing an article's text leaves the page (a
// long one on a large site) as it was.
type ErrorItem struct {
	URL     string `json:"url"`
	Error   string `json:"error"`
	Product Link   `json:"product"`
}

// SearchView is the view model of the search page (layouts/search.html):
// without JavaScript it lists every error A–Z, and every product.
type SearchView struct {
	Errors   []ErrorItem   `json:"errors"`
	Products []ProductItem `json:"products"`
}

// Meta is what the page's <head> says about it.
type Meta struct {
	Title       string `json:"title"`       // <title> and og:title
	Description string `json:"description"` // meta description, at most 160 characters
	Type        string `json:"type"`        // og:type: article or website
	Image       string `json:"image"`       // absolute URL of the social image
	Published   string `json:"published,omitempty"`
	Modified    string `json:"modified,omitempty"`
	JSONLD      string `json:"jsonld"` // the page's @graph, ready for a script element
	NoIndex     bool   `json:"noindex,omitempty"`
	Search      string `json:"search"` // site path of the search index's manifest
}

// Config is what pages need to know about the site.
type Config struct {
	Site           jsonld.Site
	NoIndex        bool   // a preview build: ask search engines not to index it
	SearchManifest string // site path of the search index's manifest
	Support        Support
	Related        map[string][]*kb.Article // kb.Related of the articles, by URL
	// Only, when set, limits the article pages made to these URLs, and
	// the product pages to those of their products (a product page shows
	// only its own articles); the home page is made in full. For serve,
	// which re-renders the articles a writer changed.
	Only map[string]bool
	// Replies, when set, keeps the replies the pages make, for the
	// exports that show them again (reply.txt, the API).
	Replies *export.Replies
	// SameMessages, with Only, leaves out the search page: its A–Z list
	// shows every article's error message, product and URL, and none of
	// Only's articles changed them.
	SameMessages bool
}

// Support is where readers go when no fix worked: a URL or an email address.
type Support struct {
	Label string // "Contact support"
	URL   string
	Email string
}

// ArticleView is the view model of an article page (layouts/page.html).
type ArticleView struct {
	URL           string        `json:"url"`
	Error         string        `json:"error"`
	Codes         []string      `json:"codes"`
	Product       Link          `json:"product"`
	Platforms     []string      `json:"platforms"`
	TitleHTML     string        `json:"title_html"`
	SummaryHTML   string        `json:"summary_html"`
	Updated       string        `json:"updated"`
	UpdatedText   string        `json:"updated_text"`
	Published     string        `json:"published"`
	Causes        []Cause       `json:"causes"`
	FirstFix      FixRef        `json:"first_fix"` // the fix to try first: the Quick Answer links to it
	Fixes         []Fix         `json:"fixes"`
	AdvancedFixes []Fix         `json:"advanced_fixes"`
	FAQ           []QA          `json:"faq"`
	AppliesTo     []string      `json:"applies_to"`
	Reply         string        `json:"reply"` // plain text for a ticket: export.Reply
	Related       []ArticleItem `json:"related"`
	Escalation    *Escalation   `json:"escalation"` // nil when the site names no contact
}

// Escalation is the "Still not working?" way out after the fixes.
type Escalation struct {
	Label string `json:"label"` // "Contact support"
	Href  string `json:"href"`  // a URL, or a mailto: prefilled with the error
	Email bool   `json:"email"` // Href is a mailto: the script adds the fixes tried
	// Contact is the address as a reader copies it from paper: the URL,
	// or the email address without the prefilled message.
	Contact string `json:"contact"`
}

// Link is a named page.
type Link struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

// Cause is a cause with the fixes that solve it.
type Cause struct {
	ID    string   `json:"id"`
	HTML  string   `json:"html"`
	Fixes []FixRef `json:"fixes"`
}

// FixRef points at a fix from elsewhere on the page.
type FixRef struct {
	ID        string `json:"id"`
	TitleHTML string `json:"title_html"`
	Label     string `json:"label"`
}

// Fix is a numbered fix with its steps.
type Fix struct {
	ID          string     `json:"id"`
	TitleID     string     `json:"title_id"` // the heading's anchor, which labels the section
	Label       string     `json:"label"`    // "Fix 1", "Advanced fix 1"
	Number      int        `json:"number"`
	Level       string     `json:"level"`
	TitleHTML   string     `json:"title_html"`
	NoteHTML    string     `json:"note_html"`    // inline
	WarningHTML string     `json:"warning_html"` // blocks (<p>…), or ""
	Steps       []Step     `json:"steps"`
	Solves      []CauseRef `json:"solves"`
	AppliesTo   []string   `json:"applies_to"`
	Reply       string     `json:"reply"` // plain text for a ticket: export.FixReply
	// Without JavaScript, "Did this fix it?" posts to the article itself
	// (Netlify Forms record the answer and serve the page), at the anchor
	// of the answer's note (kb.AnswerID), which CSS shows as the :target.
	// Next is the fix the "no" note sends the reader to; nil for the last.
	YesID string  `json:"yes_id"`
	NoID  string  `json:"no_id"`
	Next  *FixRef `json:"next"`
}

// Step is one step of a fix; its ID is the anchor <fix-id>-step-<n>. HTML
// is inline for a one-paragraph step, blocks otherwise.
type Step struct {
	ID   string `json:"id"`
	HTML string `json:"html"`
}

// CauseRef points at a cause from a fix; Text is the cause as plain text
// (it is shown as a link).
type CauseRef struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

// QA is a question of the FAQ.
type QA struct {
	ID    string `json:"id"`
	QHTML string `json:"q_html"` // inline
	AHTML string `json:"a_html"` // blocks (<p>…)
}

// ProductView is the view model of a product page (layouts/section.html).
type ProductView struct {
	Product  Link          `json:"product"`
	Articles []ArticleItem `json:"articles"`
	// Groups are the articles by platform, when they are for more than
	// one: each article under its first platform, the others last.
	Groups []Group `json:"groups"`
}

// Group is a titled list of articles.
type Group struct {
	Name     string        `json:"name"`
	ID       string        `json:"id"`
	Articles []ArticleItem `json:"articles"`
}

// groupByPlatform groups a product's articles (already in order) by their
// first platform, in the order platforms first appear; articles with none
// come last. One group is no grouping: it returns nil.
func groupByPlatform(list []*kb.Article, items []ArticleItem) []Group {
	platform := make(map[string]string, len(list))
	for _, a := range list {
		if len(a.Platforms) > 0 {
			platform[a.URL()] = a.Platforms[0].Src
		}
	}
	var groups []Group
	index := make(map[string]int)
	for _, it := range items {
		name := cmp.Or(platform[it.URL], "Other platforms")
		i, ok := index[name]
		if !ok {
			i = len(groups)
			index[name] = i
			groups = append(groups, Group{Name: name, ID: "platform-" + kb.Slugify(name)})
		}
		groups[i].Articles = append(groups[i].Articles, it)
	}
	if len(groups) < 2 {
		return nil
	}
	// "Other platforms" last, whatever its first article's date.
	slices.SortStableFunc(groups, func(a, b Group) int {
		return cmp.Compare(b2i(a.Name == "Other platforms"), b2i(b.Name == "Other platforms"))
	})
	return groups
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// ArticleItem is an article in a list.
type ArticleItem struct {
	Title       string `json:"title"`
	URL         string `json:"url"`
	Error       string `json:"error"`
	Summary     string `json:"summary"` // plain text, one line
	Product     Link   `json:"product"`
	Updated     string `json:"updated"`
	UpdatedText string `json:"updated_text"`
}

// relatedItem is the card of a related article: its title, message and
// product, not its quick answer or its date. A reader picks a related
// article by its message; and an article listed by many others (80 at
// 10,000 articles) would otherwise change all their pages whenever its
// quick answer or date is edited, which serve then re-renders.
func relatedItem(it ArticleItem) ArticleItem {
	it.Summary, it.Updated, it.UpdatedText = "", "", ""
	return it
}

// HomeView is the view model of the home page (layouts/home.html).
type HomeView struct {
	Products []ProductItem `json:"products"`
	Newest   []ArticleItem `json:"newest"`
}

// ProductItem is a product in the home page's list.
type ProductItem struct {
	Name  string `json:"name"`
	URL   string `json:"url"`
	Count int    `json:"count"`
}

// NewestCount is how many articles the home page lists as newest.
const NewestCount = 10

// Pages returns every page of the site, in a stable order: the home page,
// then per product its page followed by its articles.
func Pages(articles []*kb.Article, md *markdown.Renderer, cfg Config) ([]Page, error) {
	slugs, byProduct := productsOf(articles)
	related := cfg.Related
	home := HomeView{Products: []ProductItem{}, Newest: []ArticleItem{}}
	pages := []Page{{Path: "_index.md"}, articlesSection}
	homeLink := Link{Name: "Home", URL: "/"}
	type articleJob struct {
		a       *kb.Article
		product Link
		page    int // its index in pages
	}
	var jobs []articleJob
	// Each article's card, made once for its product's page and reused in
	// the related lists that show it (five a page).
	cards := make(map[*kb.Article]ArticleItem, len(articles))
	card := func(a *kb.Article) ArticleItem {
		if it, ok := cards[a]; ok {
			return it
		}
		return articleItem(a, md) // a partial build: a's product page is not made
	}
	for _, slug := range slugs {
		list := byProduct[slug]
		product := Link{Name: list[0].Product.Src, URL: "/" + slug + "/"}
		home.Products = append(home.Products, ProductItem{Name: product.Name, URL: product.URL, Count: len(list)})
		if cfg.Only != nil && !slices.ContainsFunc(list, func(a *kb.Article) bool { return cfg.Only[a.URL()] }) {
			continue // a partial build: this product's pages are as they were
		}
		view := ProductView{Product: product}
		for _, a := range list {
			it := articleItem(a, md)
			cards[a] = it
			view.Articles = append(view.Articles, it)
		}
		newest := newestUpdate(list)
		// Most recently updated first: what changed is what readers hit.
		slices.SortStableFunc(view.Articles, byUpdated)
		view.Groups = groupByPlatform(list, view.Articles)

		// The messages say what the page is about; the list is cut once,
		// at the description's 160 characters, for the meta tag and the
		// structured data alike.
		var b strings.Builder
		fmt.Fprintf(&b, "How to fix %s shown by %s: ", plural(len(list), "error message"), product.Name)
		for i, it := range view.Articles {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(`"` + it.Error + `"`)
			if utf8.RuneCountInString(b.String()) > 160 {
				break
			}
		}
		b.WriteString(".")
		description := Cut(b.String(), 160)
		crumbs := []Link{homeLink, product}
		items := make([]jsonld.ListItem, len(view.Articles))
		for i, it := range view.Articles {
			items[i] = jsonld.ListItem{Name: it.Title, Path: it.URL}
		}
		graph := jsonld.Collection(cfg.Site, product.Name, description, product.URL, crumbsOf(crumbs), items)
		meta, err := cfg.meta(ProductTitle(product.Name, cfg.Site.Name), description, "website", graph)
		if err != nil {
			return nil, err
		}
		pages = append(pages, Page{
			Path: slug + "/_index.md",
			FrontMatter: FrontMatter{
				Title:       product.Name,
				URL:         product.URL,
				Description: description,
				Date:        newest,
				Lastmod:     newest,
				Meta:        meta,
				Breadcrumb:  crumbs,
				KB:          view,
			},
		})
		for _, a := range list {
			if cfg.Only != nil && !cfg.Only[a.URL()] {
				continue
			}
			jobs = append(jobs, articleJob{a, product, len(pages)})
			pages = append(pages, Page{Path: ArticlePath(a)})
		}
	}
	// The article pages, nearly all the work, on every core: each is made
	// from its article and the related lists alone.
	errs := make([]error, len(jobs))
	par.For(len(jobs), func(i int) {
		j := jobs[i]
		crumbs := []Link{homeLink, j.product, {Name: CrumbName(j.a), URL: j.a.URL()}}
		var cardsOf []ArticleItem
		for _, r := range related[j.a.URL()] {
			cardsOf = append(cardsOf, relatedItem(card(r)))
		}
		pages[j.page].FrontMatter, errs[i] = articlePage(j.a, crumbs, cardsOf, md, cfg)
	})
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("%s: %w", jobs[i].a.File, err)
		}
	}
	if cfg.Only == nil || !cfg.SameMessages {
		page, err := searchPage(articles, home.Products, cfg)
		if err != nil {
			return nil, err
		}
		pages = append(pages, page)
	}

	// Where the feedback forms land without JavaScript: a plain page that
	// shows no breadcrumb, so its graph has none.
	const thanks = "Thank you for your feedback."
	thanksMeta, err := cfg.meta("Thank you – "+cfg.Site.Name, thanks, "website",
		jsonld.WebPage(cfg.Site, "WebPage", "Thank you", thanks, "/thanks/", nil))
	if err != nil {
		return nil, err
	}
	thanksMeta.NoIndex = true
	pages = append(pages, Page{Path: "thanks.md", FrontMatter: FrontMatter{
		Title: "Thank you", URL: "/thanks/", Layout: "thanks", Sitemap: &Sitemap{Disable: true}, Meta: thanksMeta, KB: struct{}{},
	}})

	for _, a := range newestArticles(articles, NewestCount) {
		home.Newest = append(home.Newest, card(a))
	}
	meta, err := cfg.meta(cfg.Site.Name, cfg.Site.Description, "website", jsonld.Home(cfg.Site))
	if err != nil {
		return nil, err
	}
	// The home page's dates are given, as each product page's lastmod is:
	// left to Hugo, they are computed from every page below, and on a
	// partial rebuild (serve) Hugo then takes every page to have changed.
	newest := newestUpdate(articles)
	pages[0].FrontMatter = FrontMatter{Title: cfg.Site.Name, Description: cfg.Site.Description, Date: newest, Lastmod: newest, Meta: meta, KB: home}
	return pages, nil
}

// searchPage is the search page, with every error message from A to Z.
func searchPage(articles []*kb.Article, products []ProductItem, cfg Config) (Page, error) {
	homeLink := Link{Name: "Home", URL: "/"}
	search := SearchView{Products: products, Errors: make([]ErrorItem, len(articles))}
	// A to Z by the message's lowercase, then by URL: each key made once,
	// not at every comparison of the sort.
	keys := make([]string, len(articles))
	order := make([]int, len(articles))
	for i, a := range articles {
		keys[i], order[i] = strings.ToLower(a.Error.Src), i
	}
	slices.SortFunc(order, func(i, j int) int {
		if c := cmp.Compare(keys[i], keys[j]); c != 0 {
			return c
		}
		return cmp.Compare(articles[i].URL(), articles[j].URL()) // made only on a tie
	})
	for k, i := range order {
		a := articles[i]
		search.Errors[k] = ErrorItem{URL: a.URL(), Error: a.Error.Src, Product: Link{Name: a.Product.Src, URL: "/" + a.ProductSlug + "/"}}
	}
	searchCrumbs := []Link{homeLink, {Name: "Search", URL: "/search/"}}
	description := "Search the error messages and fixes of " + cfg.Site.Name + "."
	searchMeta, err := cfg.meta("Search – "+cfg.Site.Name, description, "website",
		jsonld.WebPage(cfg.Site, "SearchResultsPage", "Search", description, "/search/", crumbsOf(searchCrumbs)))
	if err != nil {
		return Page{}, err
	}
	// Results pages of a site search are not for search engines' index;
	// their links are followed.
	searchMeta.NoIndex = true
	return Page{Path: "search.md", FrontMatter: FrontMatter{
		Title: "Search", URL: "/search/", Layout: "search", Sitemap: &Sitemap{Disable: true},
		Meta: searchMeta, Breadcrumb: searchCrumbs, KB: search,
	}}, nil
}

// graphBuf holds buffers for encoding pages' structured data, which is
// then copied out at its size.
var graphBuf = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

// ldAppender is a page's structured data, ready to be written: a
// *jsonld.Graph, or an article's (articleLD).
type ldAppender interface {
	AppendJSON(b []byte) ([]byte, error)
}

// articleLD is an article's structured data, written without its graph
// (jsonld.AppendArticle).
type articleLD struct {
	site   jsonld.Site
	a      *kb.Article
	md     *markdown.Renderer
	crumbs []jsonld.Crumb
}

func (x articleLD) AppendJSON(b []byte) ([]byte, error) {
	return jsonld.AppendArticle(b, x.site, x.a, x.md, x.crumbs), nil
}

func (cfg Config) meta(title, description, typ string, g ldAppender) (Meta, error) {
	bp := graphBuf.Get().(*[]byte)
	defer graphBuf.Put(bp)
	data, err := g.AppendJSON((*bp)[:0])
	*bp = data[:0]
	if err != nil {
		return Meta{}, err
	}
	m := Meta{
		Title:       title,
		Description: Cut(description, 160),
		Type:        typ,
		JSONLD:      string(data),
		NoIndex:     cfg.NoIndex,
		Search:      cfg.SearchManifest,
	}
	if cfg.Site.Image != "" {
		m.Image = cfg.Site.Abs(cfg.Site.Image)
	}
	return m, nil
}

// CrumbMax is the length of the longest name an article's page has as the
// last item of its breadcrumb.
const CrumbMax = 60

// CrumbName is the article's name in its breadcrumb, the visible one and
// the JSON-LD BreadcrumbList alike (both are made from the same list): its
// error message, cut on a word at CrumbMax characters with "…". A whole
// message can be three lines of text (Thunderbird's is 240 characters),
// which a breadcrumb should not be; the H1 and the message box show it in
// full.
func CrumbName(a *kb.Article) string {
	return Cut(a.Error.Src, CrumbMax)
}

func crumbsOf(links []Link) []jsonld.Crumb {
	out := make([]jsonld.Crumb, len(links))
	for i, l := range links {
		out[i] = jsonld.Crumb{Name: l.Name, Path: l.URL}
	}
	return out
}

func byUpdated(a, b ArticleItem) int {
	return cmp.Or(-cmp.Compare(a.Updated, b.Updated), cmp.Compare(a.URL, b.URL))
}

func articleItem(a *kb.Article, md *markdown.Renderer) ArticleItem {
	return ArticleItem{
		Title:       md.OneLine(a.DisplayTitle()),
		URL:         a.URL(),
		Error:       a.Error.Src,
		Summary:     md.OneLine(a.Summary.Src),
		Product:     Link{Name: a.Product.Src, URL: "/" + a.ProductSlug + "/"},
		Updated:     a.Updated.String(),
		UpdatedText: dateText(a.Updated),
	}
}

func articlePage(a *kb.Article, crumbs []Link, related []ArticleItem, md *markdown.Renderer, cfg Config) (FrontMatter, error) {
	product := crumbs[1]
	v := ArticleView{
		URL:           a.URL(),
		Error:         a.Error.Src,
		Codes:         texts(a.Codes),
		Product:       product,
		Platforms:     texts(a.Platforms),
		TitleHTML:     md.HTML(a.DisplayTitle()),
		SummaryHTML:   block(md, a.Summary.Src),
		Updated:       a.Updated.String(),
		UpdatedText:   dateText(a.Updated),
		Published:     a.PublishedDate().String(),
		Causes:        []Cause{},
		Fixes:         []Fix{},
		AdvancedFixes: []Fix{},
		FAQ:           []QA{},
		AppliesTo:     texts(a.AppliesTo),
		Reply:         cfg.Replies.Reply(a, md, cfg.Site.Abs(a.URL())),
		Related:       []ArticleItem{},
		Escalation:    cfg.escalation(a),
	}
	v.Related = append(v.Related, related...)
	label := make(map[string]FixRef)
	replies := cfg.Replies.Fixes(a, md, cfg.Site.Abs(a.URL()))
	for level, dst := range map[kb.Level]*[]Fix{kb.Basic: &v.Fixes, kb.Advanced: &v.AdvancedFixes} {
		for i, f := range a.FixesAt(level) {
			fx := fixView(a, f, i+1, md)
			fx.Reply = replies[f.ID.Value]
			label[f.ID.Value] = FixRef{ID: fx.ID, TitleHTML: fx.TitleHTML, Label: fx.Label}
			*dst = append(*dst, fx)
		}
	}
	// The order to try them in, as the page shows them: basic, then
	// advanced. Each fix's "no" note leads to the next.
	var prev *Fix
	for _, list := range [][]Fix{v.Fixes, v.AdvancedFixes} {
		for i := range list {
			ref := label[list[i].ID]
			if prev == nil {
				v.FirstFix = ref
			} else {
				prev.Next = &ref
			}
			prev = &list[i]
		}
	}
	for _, c := range a.Causes {
		cv := Cause{ID: c.ID.Value, HTML: md.HTML(c.Text.Src), Fixes: []FixRef{}}
		for _, f := range a.FixesFor(c.ID.Value) {
			cv.Fixes = append(cv.Fixes, label[f.ID.Value])
		}
		v.Causes = append(v.Causes, cv)
	}
	for _, q := range a.FAQ {
		v.FAQ = append(v.FAQ, QA{ID: q.Anchor(), QHTML: md.HTML(q.Q.Src), AHTML: block(md, q.A.Src)})
	}
	meta, err := cfg.meta(ArticleTitle(a.Error.Src, a.Product.Src, texts(a.Codes)), md.OneLine(a.Summary.Src), "article",
		articleLD{cfg.Site, a, md, crumbsOf(crumbs)})
	if err != nil {
		return FrontMatter{}, err
	}
	meta.Published = a.PublishedDate().Time.Format(time.RFC3339)
	meta.Modified = a.Updated.Time.Format(time.RFC3339)
	return FrontMatter{
		Title:       md.OneLine(a.DisplayTitle()),
		URL:         a.URL(),
		Description: md.OneLine(a.Summary.Src),
		Date:        a.PublishedDate().String(),
		Lastmod:     a.Updated.String(),
		Aliases:     texts(a.Aliases),
		Meta:        meta,
		Breadcrumb:  crumbs,
		KB:          v,
	}, nil
}

func fixView(a *kb.Article, f *kb.Fix, n int, md *markdown.Renderer) Fix {
	label := kb.FixLabel(f.Level, n)
	fx := Fix{
		ID:          f.ID.Value,
		TitleID:     kb.FixTitleID(f.ID.Value),
		Label:       label,
		Number:      n,
		Level:       string(f.Level),
		TitleHTML:   md.HTML(f.Title.Src),
		NoteHTML:    md.HTML(f.Note.Src),
		WarningHTML: block(md, f.Warning.Src),
		Steps:       []Step{},
		Solves:      []CauseRef{},
		AppliesTo:   texts(f.AppliesTo),
		YesID:       kb.AnswerID(f.ID.Value, "yes"),
		NoID:        kb.AnswerID(f.ID.Value, "no"),
	}
	for i, s := range f.Steps {
		fx.Steps = append(fx.Steps, Step{ID: f.StepAnchor(i), HTML: md.HTML(s.Src)})
	}
	for _, r := range f.Solves {
		if c := a.Cause(r.Value); c != nil {
			fx.Solves = append(fx.Solves, CauseRef{ID: c.ID.Value, Text: md.OneLine(c.Text.Src)})
		}
	}
	return fx
}

// escalation is the contact route of the site, prefilled for article a.
func (cfg Config) escalation(a *kb.Article) *Escalation {
	s := cfg.Support
	label := cmp.Or(s.Label, "Contact support")
	switch {
	case s.URL != "":
		return &Escalation{Label: label, Href: s.URL, Contact: s.URL}
	case s.Email != "":
		q := url.Values{}
		q.Set("subject", "Still not working: "+a.Error.Src)
		q.Set("body", fmt.Sprintf("Error message: %s\nProduct: %s\nArticle: %s\n\nWhat I tried:\n", a.Error.Src, a.Product.Src, cfg.Site.Abs(a.URL())))
		return &Escalation{Label: label, Href: "mailto:" + s.Email + "?" + strings.ReplaceAll(q.Encode(), "+", "%20"), Email: true, Contact: s.Email}
	}
	return nil
}

// block renders a field that may hold paragraphs; an empty field stays
// empty so templates can leave it out.
func block(md *markdown.Renderer, src string) string {
	if src == "" {
		return ""
	}
	return md.Block(src)
}

// Redirects returns Netlify's _redirects file: a permanent redirect from
// every alias to its article. The "!" makes Netlify redirect even though
// Hugo's HTML redirect page (the fallback for other hosts) exists there.
// An alias that is an article's address (/<product>/<error>/) also
// redirects its API document and its Markdown and reply copies to the
// article's: a support tool that kept the old id or api_url, or a ticket
// that links the old reply.txt, still finds the article.
func Redirects(articles []*kb.Article) []byte {
	var b strings.Builder
	b.WriteString("# Old addresses of moved articles (aliases in content/). Generated; do not edit.\n")
	for _, a := range articles {
		for _, alias := range a.Aliases {
			fmt.Fprintf(&b, "%s %s 301!\n", alias.Src, a.URL())
			if old := export.APIPathOf(alias.Src); old != "" {
				fmt.Fprintf(&b, "%s %s 301!\n", old, export.APIPath(a))
				// The article's copies, which agents link in tickets.
				for _, name := range []string{"index.md", "reply.txt"} {
					fmt.Fprintf(&b, "%s%s %s%s 301!\n", alias.Src, name, a.URL(), name)
				}
			}
		}
	}
	return []byte(b.String())
}

func texts(ts []kb.Text) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Src
	}
	return out
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// dateText is the date as shown to readers: 28 November 2026.
func dateText(d kb.Date) string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d %s %d", d.Time.Day(), d.Time.Month(), d.Time.Year())
}
