package build

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/spf13/afero"

	"kbgen/generator/corpus"
	"kbgen/generator/load"
	"kbgen/generator/markdown"
)

// BenchmarkPrepare is the generator's own work on 2,000 generated
// articles, without Hugo and without writing a file: the pages, the
// search index and the exports (prepare and the work it leaves beside),
// from articles loaded once. Its CPU, bytes and allocations are what a
// change to the pipeline saves, measured without the noise of a whole
// build (go test -bench Prepare -benchmem -count 6 ./generator/build).
func BenchmarkPrepare(b *testing.B) {
	root, err := filepath.Abs("../..")
	if err != nil {
		b.Fatal(err)
	}
	project := afero.NewReadOnlyFs(afero.NewBasePathFs(afero.NewOsFs(), root))
	content := afero.NewMemMapFs()
	for _, f := range corpus.Generate(2000, corpus.DefaultSeed).Files {
		if err := afero.WriteFile(content, "/"+f.Path, f.Data, 0o666); err != nil {
			b.Fatal(err)
		}
	}
	articles, errs := load.Check(content, "content")
	if err := errs.Err(); err != nil {
		b.Fatal(err)
	}
	opts := Options{Project: project}
	opts.defaults()
	b.ReportAllocs()
	cpu := processCPU()
	for b.Loop() {
		rep := &Report{}
		lap := time.Now()
		p, err := prepare(articles, opts, markdown.New(), true, &siteWriter{}, rep, &lap)
		if err != nil {
			b.Fatal(err)
		}
		if err := p.beside.wait(rep); err != nil {
			b.Fatal(err)
		}
	}
	// The CPU time of the process, both cores: what a build pays.
	b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/op")
}
