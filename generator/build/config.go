package build

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"github.com/spf13/afero"

	"kbgen/generator/jsonld"
	"kbgen/generator/site"
)

// siteConfig is the part of hugo.toml the generator reads itself: what the
// structured data and page metadata need before Hugo runs. Hugo reads the
// same file for everything else, and gets the same base URL.
type siteConfig struct {
	BaseURL string `toml:"baseURL"`
	Title   string `toml:"title"`
	Locale  string `toml:"locale"`
	Params  struct {
		ShortName   string `toml:"shortName"`
		Description string `toml:"description"`
		Image       string `toml:"image"`
		Publisher   struct {
			Name string `toml:"name"`
			URL  string `toml:"url"`
			Logo string `toml:"logo"`
		} `toml:"publisher"`
		Search struct {
			Synonyms [][]string `toml:"synonyms"`
		} `toml:"search"`
		Support struct {
			Label string `toml:"label"`
			URL   string `toml:"url"`
			Email string `toml:"email"`
		} `toml:"support"`
	} `toml:"params"`
}

// config is what the generator takes from hugo.toml.
type config struct {
	jsonld.Site
	synonyms  [][]string
	support   site.Support
	shortName string // the search's name in browsers (opensearch.xml)
}

// readSite reads hugo.toml from the project; baseURL, when set, overrides
// the file's.
func readSite(project afero.Fs, baseURL string) (config, error) {
	data, err := afero.ReadFile(project, "/hugo.toml")
	if err != nil {
		return config{}, fmt.Errorf("reading the site configuration: %w", err)
	}
	var c siteConfig
	if err := toml.Unmarshal(data, &c); err != nil {
		return config{}, fmt.Errorf("hugo.toml: %w", err)
	}
	if baseURL != "" {
		c.BaseURL = baseURL
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return config{}, fmt.Errorf("base URL %q must be absolute, like https://kb.example.org/", c.BaseURL)
	}
	if strings.Trim(u.Path, "/") != "" {
		// Pages link to each other from the root (/ios-mail/…), so the site
		// must be served at the root of its host.
		return config{}, fmt.Errorf("base URL %q has a path: the site must be served at the root of its host, like https://kb.example.org/", c.BaseURL)
	}
	s := jsonld.Site{
		BaseURL:     strings.TrimSuffix(c.BaseURL, "/") + "/",
		Name:        c.Title,
		Description: c.Params.Description,
		Language:    c.Locale,
		Image:       c.Params.Image,
		Publisher: jsonld.Publisher{
			Name: c.Params.Publisher.Name,
			URL:  c.Params.Publisher.URL,
			Logo: c.Params.Publisher.Logo,
		},
	}
	if s.Publisher.Name == "" {
		s.Publisher.Name = s.Name
	}
	if s.Publisher.URL == "" {
		s.Publisher.URL = s.BaseURL
	}
	if s.Language == "" {
		s.Language = "en-US"
	}
	sup := c.Params.Support
	return config{Site: s, synonyms: c.Params.Search.Synonyms, support: site.Support{Label: sup.Label, URL: sup.URL, Email: sup.Email},
		shortName: c.Params.ShortName}, nil
}
