package kb_test

import (
	"testing"

	"kbgen/generator/internal/sitetest"
	"kbgen/generator/kb"
)

// BenchmarkRelated finds the related articles of 10,000 generated ones.
func BenchmarkRelated(b *testing.B) {
	articles := sitetest.Generated(b, 10000)
	b.ReportAllocs()
	for b.Loop() {
		kb.Related(articles)
	}
}
