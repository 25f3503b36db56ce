package build

import (
	"context"
	"time"

	"kbgen/generator/markdown"
)

// HugoFiles returns the files Run hands Hugo for the project's articles:
// each content page (JSON front matter, by path under hugosite.ContentDir)
// and the generated assets (/static/css/chroma.css). The benchmark writes
// them out as a plain Hugo project: the same pages as Markdown files, so
// that Hugo renders the same site without this pipeline. It must stay the
// prelude of Run; the benchmark compares the two sites and reports any page
// that differs.
func HugoFiles(ctx context.Context, opts Options) (map[string][]byte, error) {
	opts.defaults()
	articles, err := Check(ctx, opts)
	if err != nil {
		return nil, err
	}
	var lap time.Time
	rep := &Report{}
	p, err := prepare(articles, opts, markdown.New(), false, &siteWriter{}, rep, &lap)
	if err != nil {
		return nil, err
	}
	if err := p.waitBeside(rep, &lap); err != nil {
		return nil, err
	}
	return p.pages, nil
}
