package corpus

import (
	"bytes"
	"testing"

	"github.com/spf13/afero"

	"kbgen/generator/load"
)

func TestValidAndDeterministic(t *testing.T) {
	n := 300
	if testing.Short() {
		n = 30
	}
	c := Generate(n, DefaultSeed)
	fs := afero.NewMemMapFs()
	for _, f := range c.Files {
		if err := afero.WriteFile(fs, "/"+f.Path, f.Data, 0o666); err != nil {
			t.Fatal(err)
		}
	}
	articles, errs := load.Check(fs, "content")
	for i, e := range errs {
		if i == 20 {
			t.Fatalf("… and %d more", len(errs)-20)
		}
		t.Error(e)
	}
	if len(articles) != n {
		t.Fatalf("loaded %d articles, want %d", len(articles), n)
	}

	again := Generate(n, DefaultSeed)
	for i := range c.Files {
		if c.Files[i].Path != again.Files[i].Path || !bytes.Equal(c.Files[i].Data, again.Files[i].Data) {
			t.Fatalf("file %d differs between two runs: %s", i, c.Files[i].Path)
		}
	}
	// A prefix of a larger corpus is the smaller corpus.
	small := Generate(10, DefaultSeed)
	for i := range small.Files {
		if !bytes.Equal(small.Files[i].Data, c.Files[i].Data) {
			t.Fatalf("Generate(10) is not a prefix of Generate(%d) at %d", n, i)
		}
	}
	if other := Generate(1, DefaultSeed+1); bytes.Equal(other.Files[0].Data, c.Files[0].Data) {
		t.Error("another seed gave the same article")
	}
}

func TestShape(t *testing.T) {
	c := Generate(200, DefaultSeed)
	fs := afero.NewMemMapFs()
	for _, f := range c.Files {
		afero.WriteFile(fs, "/"+f.Path, f.Data, 0o666)
	}
	articles, _ := load.Check(fs, "content")
	products := map[string]bool{}
	var code, hex, errCode, smtp int
	for _, a := range articles {
		products[a.ProductSlug] = true
		if n := len(a.Causes); n < 3 || n > 8 {
			t.Errorf("%s: %d causes", a.File, n)
		}
		if n := len(a.Fixes); n < 2 || n > 6 {
			t.Errorf("%s: %d fixes", a.File, n)
		}
		for _, f := range a.Fixes {
			if n := len(f.Steps); n < 2 || n > 8 {
				t.Errorf("%s: %d steps", a.File, n)
			}
			for _, s := range f.Steps {
				if bytes.Contains([]byte(s.Src), []byte("```")) {
					code++
				}
			}
		}
		if len(a.FAQ) > 6 {
			t.Errorf("%s: %d questions", a.File, len(a.FAQ))
		}
		for _, c := range a.Codes {
			switch {
			case len(c.Src) == 10 && c.Src[:2] == "0x":
				hex++
			case len(c.Src) > 4 && c.Src[:4] == "ERR_":
				errCode++
			case len(c.Src) == 9 && c.Src[3] == ' ':
				smtp++
			}
		}
	}
	if len(products) != 20 {
		t.Errorf("%d products, want 20", len(products))
	}
	if code == 0 || hex == 0 || errCode == 0 || smtp == 0 {
		t.Errorf("code blocks %d, hex codes %d, ERR_ codes %d, SMTP codes %d: want some of each", code, hex, errCode, smtp)
	}
}
