// Package ldcheck checks the shape of a page's JSON-LD graph, for the
// tests of the packages that make it (jsonld) and of the pages that carry
// it (site): what the schema.org vocabulary alone does not catch.
//
//   - The graph is whole: every {"@id": …} it points at is defined in it (by
//     an object with an @type), since a page's JSON-LD is read alone; and
//     no @id is defined twice with different types.
//   - It describes one page: one object is a WebPage or one of its kinds
//     (however often it is written), and its @id and url are the page's URL.
//   - Nothing is empty: no "" or blank text, no [] and no ItemList of no
//     items, which describe nothing a page shows.
package ldcheck

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// PageTypes are WebPage and its kinds in schema.org 30.0: the types of the
// node that describes a page itself (jsonld's tests hold this list to the
// vocabulary).
var PageTypes = []string{
	"AboutPage", "CheckoutPage", "CollectionPage", "ContactPage", "FAQPage",
	"ImageGallery", "ItemPage", "MediaGallery", "MedicalWebPage",
	"ProfilePage", "QAPage", "RealEstateListing", "SearchResultsPage",
	"VideoGallery", "WebPage",
}

// Graph decodes data, a page's JSON-LD, and returns its @graph's top-level
// nodes with what is wrong with it; url is the page's absolute URL ("" not
// to check the page node's @id).
func Graph(data []byte, url string) ([]map[string]any, []string) {
	var doc struct {
		Context string           `json:"@context"`
		Graph   []map[string]any `json:"@graph"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, []string{"JSON-LD does not decode: " + err.Error()}
	}
	return doc.Graph, Problems(doc.Context, doc.Graph, url)
}

// Problems lists what is wrong with a decoded graph (see the package's
// documentation).
func Problems(context string, graph []map[string]any, url string) []string {
	var problems []string
	if context != "https://schema.org" {
		problems = append(problems, fmt.Sprintf("@context is %q", context))
	}
	if len(graph) == 0 {
		return append(problems, "@graph is empty")
	}
	defined := map[string]string{} // @id → @type
	var refs []string              // in the order met, with their paths
	var pages []string             // @ids of the objects typed as a page
	var walk func(x any, path string)
	walk = func(x any, path string) {
		switch x := x.(type) {
		case string:
			if strings.TrimSpace(x) == "" {
				problems = append(problems, path+" is empty")
			}
		case []any:
			if len(x) == 0 {
				problems = append(problems, path+" is an empty list")
			}
			for i, e := range x {
				walk(e, fmt.Sprintf("%s[%d]", path, i))
			}
		case map[string]any:
			id, _ := x["@id"].(string)
			if _, ok := x["@id"]; ok && len(x) == 1 {
				refs = append(refs, path+" → "+id)
				return
			}
			typ, ok := x["@type"].(string)
			if !ok {
				problems = append(problems, fmt.Sprintf("%s: @type is %v; want one type", path, x["@type"]))
			}
			if id != "" {
				if t, ok := defined[id]; ok && t != typ {
					problems = append(problems, fmt.Sprintf("%s: %s is a %s here and a %s elsewhere", path, id, typ, t))
				}
				defined[id] = typ
			}
			if slices.Contains(PageTypes, typ) {
				if !slices.Contains(pages, id) {
					pages = append(pages, id)
				}
				if url != "" && (id != url || x["url"] != url) {
					problems = append(problems, fmt.Sprintf("%s: a %s at @id %q, url %v, on the page %s", path, typ, id, x["url"], url))
				}
			}
			if typ == "ItemList" {
				if n, _ := x["numberOfItems"].(float64); n == 0 {
					problems = append(problems, path+": an ItemList of no items")
				}
			}
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			for _, k := range keys {
				walk(x[k], path+"."+k)
			}
		default:
			if x == nil {
				problems = append(problems, path+" is null")
			}
		}
	}
	top := map[string]bool{}
	for i, n := range graph {
		path := fmt.Sprintf("@graph[%d]", i)
		id, _ := n["@id"].(string)
		switch {
		case id == "":
			problems = append(problems, path+" has no @id")
		case top[id]:
			problems = append(problems, fmt.Sprintf("%s: %s is a second node of the graph", path, id))
		}
		top[id] = true
		walk(map[string]any(n), path)
	}
	if len(pages) != 1 {
		problems = append(problems, fmt.Sprintf("%d page nodes %q; want one", len(pages), pages))
	}
	for _, r := range refs {
		id := r[strings.LastIndex(r, " → ")+len(" → "):]
		if _, ok := defined[id]; !ok {
			problems = append(problems, fmt.Sprintf("%s is not defined in the graph", r))
		}
	}
	return problems
}

// Breadcrumb returns the names of the graph's BreadcrumbList, in order,
// and whether it has one.
func Breadcrumb(graph []map[string]any) ([]string, bool) {
	for _, n := range graph {
		if n["@type"] != "BreadcrumbList" {
			continue
		}
		var names []string
		items, _ := n["itemListElement"].([]any)
		for _, it := range items {
			it, _ := it.(map[string]any)
			name, _ := it["name"].(string)
			names = append(names, name)
		}
		return names, true
	}
	return nil, false
}
