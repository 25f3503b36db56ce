//go:build unix

package build_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"kbgen/generator/build"
	"kbgen/generator/internal/sitetest"
)

// A real build lists its phases, the beside jobs once waited for (they run
// on through Hugo's render), and measures the CPU of the main line's
// (processCPU reads getrusage on unix systems only).
func TestBuildMeasuresPhases(t *testing.T) {
	s := sitetest.Test(t, sitetest.Seed(t))
	rep, err := build.Run(context.Background(), build.Options{Project: s.Fs, Dest: s.Fs})
	if err != nil {
		t.Fatal(err)
	}
	var main, beside []string
	cpu := time.Duration(0)
	for _, p := range rep.Phases {
		if p.Beside {
			beside = append(beside, p.Name)
			continue
		}
		main = append(main, p.Name)
		cpu += p.CPU
	}
	if want := []string{"load and validate", "related articles", "pages", "hugo", "waiting for the index and exports", "publish"}; !slices.Equal(main, want) {
		t.Errorf("main-line phases %q; want %q", main, want)
	}
	slices.Sort(beside)
	if want := []string{"exports: API catalog, llms.txt, _redirects, sitemap, feed", "exports: index.md, reply.txt and API per article", "search index"}; !slices.Equal(beside, want) {
		t.Errorf("beside phases %q; want %q", beside, want)
	}
	if cpu <= 0 {
		t.Errorf("phases %q measured no CPU", main)
	}
}
