// Package jsonld builds the schema.org structured data of each page as one
// JSON-LD @graph, from the same article model the page is made from, so
// the structured data cannot drift from what readers see.
//
// Every graph holds exactly one node for the page itself (a WebPage or
// one of its kinds, its @id the page's URL), and defines every @id it
// points at: the WebSite and the Organization behind it are in each one.
// Article pages add a TechArticle, a HowTo with one HowToSection per fix
// and a BreadcrumbList, their page node being an FAQPage when the article
// has an FAQ; product pages are a CollectionPage with the list of their
// articles and a BreadcrumbList; the search page is a SearchResultsPage.
package jsonld

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"kbgen/generator/internal/jsonw"
)

// Site is what the structured data needs to know about the site.
type Site struct {
	BaseURL     string // absolute, ending in "/": https://kb.example.org/
	Name        string // the site's title
	Description string
	Language    string // BCP 47: en-US
	Image       string // path of the default social image, from the site root: social.png
	Publisher   Publisher
}

// Publisher is the organization behind the site.
type Publisher struct {
	Name string
	URL  string // absolute
	Logo string // path from the site root: logo.png
}

// Abs makes a site path (/ios-mail/x/ or logo.png) absolute.
func (s Site) Abs(path string) string {
	return strings.TrimSuffix(s.BaseURL, "/") + "/" + strings.TrimPrefix(path, "/")
}

func (s Site) orgID() string     { return s.Abs("/") + "#organization" }
func (s Site) websiteID() string { return s.Abs("/") + "#website" }

// Node is one object of the graph. A map keeps the JSON exactly as written
// here (encoding/json sorts map keys, so output is deterministic).
type Node = map[string]any

// Graph is the structured data of one page.
type Graph struct {
	Context string `json:"@context"`
	Graph   []Node `json:"@graph"`
}

func newGraph(nodes ...Node) *Graph {
	return &Graph{Context: "https://schema.org", Graph: nodes}
}

// Marshal encodes the graph for a <script type="application/ld+json">
// element, byte for byte as encoding/json does: <, > and & as \u003c,
// \u003e and \u0026, so no text in the graph can close the script element.
func (g *Graph) Marshal() ([]byte, error) {
	return g.AppendJSON(nil)
}

// AppendJSON appends Marshal's bytes to b. The graph is written by hand
// (keys sorted, strings escaped by jsonw, as encoding/json writes them;
// TestMarshalIsEncodingJSON): every page has a graph, and encoding/json's
// reflection over maps, sorting their keys through reflect.Value, was most
// of making a page's structured data. A value of a type it does not know
// is handed to encoding/json.
func (g *Graph) AppendJSON(b []byte) ([]byte, error) {
	b = append(b, `{"@context":`...)
	b = jsonw.AppendString(b, g.Context)
	b = append(b, `,"@graph":`...)
	b, err := appendValue(b, g.Graph)
	return append(b, '}'), err
}

func appendValue(b []byte, v any) ([]byte, error) {
	var err error
	switch v := v.(type) {
	case string:
		return jsonw.AppendString(b, v), nil
	case int:
		return strconv.AppendInt(b, int64(v), 10), nil
	case bool:
		return strconv.AppendBool(b, v), nil
	case Node:
		if v == nil {
			return append(b, "null"...), nil
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		b = append(b, '{')
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = jsonw.AppendString(b, k)
			b = append(b, ':')
			if b, err = appendValue(b, v[k]); err != nil {
				return b, err
			}
		}
		return append(b, '}'), nil
	case []Node:
		return appendList(b, v)
	case []any:
		return appendList(b, v)
	case []string:
		return appendList(b, v)
	}
	data, err := json.Marshal(v)
	return append(b, data...), err
}

func appendList[T any](b []byte, list []T) ([]byte, error) {
	if list == nil {
		return append(b, "null"...), nil
	}
	var err error
	b = append(b, '[')
	for i, x := range list {
		if i > 0 {
			b = append(b, ',')
		}
		if b, err = appendValue(b, x); err != nil {
			return b, err
		}
	}
	return append(b, ']'), nil
}

// date formats a day as ISO 8601 with its zone, as Google asks for.
func date(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func organization(s Site) Node {
	n := Node{
		"@type": "Organization",
		"@id":   s.orgID(),
		"name":  s.Publisher.Name,
		"url":   s.Publisher.URL,
	}
	if s.Publisher.Logo != "" {
		n["logo"] = Node{"@type": "ImageObject", "url": s.Abs(s.Publisher.Logo)}
	}
	return n
}

// organizationRef names the organization where Google wants an object
// with a name and a URL (an article's author and publisher), with the @id
// that joins it to the full node.
func organizationRef(s Site) Node {
	return Node{"@type": "Organization", "@id": s.orgID(), "name": s.Publisher.Name, "url": s.Publisher.URL}
}

// website is the WebSite node every page node is part of. Each graph that
// points at it holds it, with the Organization it names as publisher, so
// that every graph is whole on its own: a page's JSON-LD is read alone, and
// an @id defined only on the home page names nothing on the other pages.
// It is the same few lines on every page (as Yoast's graphs do).
func website(s Site) Node {
	return Node{
		"@type":      "WebSite",
		"@id":        s.websiteID(),
		"url":        s.Abs("/"),
		"name":       s.Name,
		"inLanguage": s.Language,
		"publisher":  Node{"@id": s.orgID()},
	}
}

// webPage is the one node that describes the page itself: typ is WebPage
// or one of its kinds (FAQPage, CollectionPage, SearchResultsPage). An
// empty description is left out, and so is the breadcrumb when the page
// shows none.
func webPage(s Site, typ, url, name, description string, crumbs []Crumb) Node {
	n := Node{
		"@type":      typ,
		"@id":        url,
		"url":        url,
		"name":       name,
		"inLanguage": s.Language,
		"isPartOf":   Node{"@id": s.websiteID()},
	}
	if description != "" {
		n["description"] = description
	}
	if len(crumbs) > 0 {
		n["breadcrumb"] = Node{"@id": url + "#breadcrumb"}
	}
	return n
}

// page is the graph of a page: its page node, the nodes given, then its
// breadcrumb (when it shows one), the WebSite and the Organization.
func page(s Site, pageNode Node, crumbs []Crumb, nodes ...Node) *Graph {
	all := make([]Node, 0, len(nodes)+4)
	all = append(all, pageNode)
	all = append(all, nodes...)
	if len(crumbs) > 0 {
		all = append(all, breadcrumb(s, pageNode["@id"].(string)+"#breadcrumb", crumbs))
	}
	return newGraph(append(all, website(s), organization(s))...)
}

// Home is the graph of the home page: the page, the WebSite and its
// Organization.
func Home(s Site) *Graph {
	return page(s, webPage(s, "WebPage", s.Abs("/"), s.Name, s.Description, nil), nil)
}

// WebPage is the graph of a page that is neither an article nor a list of
// articles: typ is WebPage or one of its kinds (SearchResultsPage), crumbs
// the page's visible breadcrumb (nil when it shows none).
func WebPage(s Site, typ, name, description, path string, crumbs []Crumb) *Graph {
	return page(s, webPage(s, typ, s.Abs(path), name, description, crumbs), crumbs)
}

// Crumb is one item of a breadcrumb: its visible name and its site path.
type Crumb struct {
	Name string
	Path string
}

func breadcrumb(s Site, id string, crumbs []Crumb) Node {
	items := make([]Node, len(crumbs))
	for i, c := range crumbs {
		items[i] = Node{
			"@type":    "ListItem",
			"position": i + 1,
			"name":     c.Name,
			"item":     s.Abs(c.Path),
		}
	}
	return Node{"@type": "BreadcrumbList", "@id": id, "itemListElement": items}
}

// ListItem is an entry of a product page's list of articles.
type ListItem struct {
	Name string
	Path string
}

// Collection is the graph of a product page: a CollectionPage listing its
// articles, and its breadcrumb. A page without articles has no list.
func Collection(s Site, name, description, path string, crumbs []Crumb, items []ListItem) *Graph {
	n := webPage(s, "CollectionPage", s.Abs(path), name, description, crumbs)
	if len(items) > 0 {
		list := make([]Node, len(items))
		for i, it := range items {
			list[i] = Node{"@type": "ListItem", "position": i + 1, "url": s.Abs(it.Path), "name": it.Name}
		}
		n["mainEntity"] = Node{"@type": "ItemList", "numberOfItems": len(items), "itemListElement": list}
	}
	return page(s, n, crumbs)
}
