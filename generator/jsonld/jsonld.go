// Package jsonld builds the schema.org structured data of each page as one
// JSON-LD @graph, from the same article model the page is made from, so
// the structured data cannot drift from what readers see.
//
// Article pages carry a TechArticle, an FAQPage (when the article has an
// FAQ), a HowTo with one HowToSection per fix, and a BreadcrumbList; the
// home page a WebSite and the Organization behind it; product pages a
// CollectionPage and a BreadcrumbList.
package jsonld

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"
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
// element. encoding/json escapes <, > and & as \u003c, \u003e and \u0026,
// so no text in the graph can close the script element.
func (g *Graph) Marshal() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(g); err != nil {
		return nil, err
	}
	return bytes.TrimSpace(buf.Bytes()), nil
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

// Home is the graph of the home page: the WebSite and its Organization.
func Home(s Site) *Graph {
	return newGraph(
		Node{
			"@type":       "WebSite",
			"@id":         s.websiteID(),
			"url":         s.Abs("/"),
			"name":        s.Name,
			"description": s.Description,
			"inLanguage":  s.Language,
			"publisher":   Node{"@id": s.orgID()},
		},
		organization(s),
	)
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
// articles, and its breadcrumb.
func Collection(s Site, name, description, path string, crumbs []Crumb, items []ListItem) *Graph {
	url := s.Abs(path)
	list := make([]Node, len(items)) // never nil: an empty list is []
	for i, it := range items {
		list[i] = Node{"@type": "ListItem", "position": i + 1, "url": s.Abs(it.Path), "name": it.Name}
	}
	return newGraph(
		Node{
			"@type":       "CollectionPage",
			"@id":         url,
			"url":         url,
			"name":        name,
			"description": description,
			"inLanguage":  s.Language,
			"isPartOf":    Node{"@id": s.websiteID()},
			"breadcrumb":  Node{"@id": url + "#breadcrumb"},
			"mainEntity":  Node{"@type": "ItemList", "numberOfItems": len(items), "itemListElement": list},
		},
		breadcrumb(s, url+"#breadcrumb", crumbs),
	)
}
