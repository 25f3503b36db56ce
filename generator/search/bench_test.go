package search_test

import (
	"testing"

	"kbgen/generator/internal/sitetest"
	"kbgen/generator/markdown"
	"kbgen/generator/search"
)

// BenchmarkBuild builds the index of 2,000 generated articles, their
// Markdown rendered beforehand (in a build, the pages share it).
func BenchmarkBuild(b *testing.B) {
	articles := sitetest.Generated(b, 2000)
	md := markdown.New()
	if _, err := search.Build(articles, md, nil); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := search.Build(articles, md, nil); err != nil {
			b.Fatal(err)
		}
	}
}
