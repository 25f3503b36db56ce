package load

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"kbgen/generator/corpus"
)

// yamlSeeds are the YAML files the parser tests start from: every real
// article, the diagnostics and malformed-input corpora, and 200 generated
// articles (every shape the benchmark corpus writes).
func yamlSeeds(t testing.TB) (articles, others [][]byte) {
	t.Helper()
	for _, pattern := range []string{"../../content/*/*.yaml", "testdata/diag/*.txtar", "../testdata/bad/*.txtar"} {
		files, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, file := range files {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasSuffix(file, ".yaml") {
				articles = append(articles, ar.Comment)
			}
			for _, af := range ar.Files {
				if strings.HasSuffix(af.Name, ".yaml") || strings.HasSuffix(af.Name, ".yml") {
					others = append(others, af.Data)
				}
			}
		}
	}
	if len(articles) < 5 || len(others) < 50 {
		t.Fatalf("%d articles and %d other files: the corpora are missing", len(articles), len(others))
	}
	for _, file := range corpus.Generate(200, corpus.DefaultSeed).Files {
		articles = append(articles, file.Data)
	}
	return articles, others
}

// FuzzFastIsYAML3 holds parseFast to its promise: whatever it reads,
// yaml.v3 (with its converter) reads without error into the same tree,
// positions and sizes included. As a test it runs on the seeds; CI fuzzes
// it too (.ci/run):
//
//	go test -run=^$ -fuzz=FuzzFastIsYAML3 -fuzztime=60s ./generator/load
func FuzzFastIsYAML3(f *testing.F) {
	articles, others := yamlSeeds(f)
	for _, data := range append(articles, others...) {
		f.Add(data)
	}
	// The corners of the subset.
	for _, s := range []string{
		"a: b\n", "a: 'it''s'\n", "a: \"x\\ty \\\"q\\\" \\u00e9\"\n", "a: [x, 'y', \"z\"]\n", "a: []\n",
		"a:\n- x\n- y\nb: c\n", "a:\n  - k: v\n    l: |\n      x\n\n      y\n", "- a\n-\n  b: c\n",
		"a: >\n  x\n  y\n\n\n  z\n\n", "a: |-\n  x\n   y\n", "a: null\nb: ~\n", "a: b # c\n", "a: C#\n",
		"a: x\n  y\n", "a:\n", "a: b\na: c\n", "a: &x b\n", "a: {b: c}\n", "a: é [ü]\nb: [é, ü]\n",
		"a: >-\n\n  x\n", "a: |\n   \n  x\n", "- - a\n", "a: -1\n", "a: 0x800CCC0E\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fast := parseFast("f.yaml", data)
		if fast == nil {
			return
		}
		slow, kerr, syntax := parseYAML3("f.yaml", data)
		if syntax != nil || kerr != nil {
			t.Fatalf("parseFast read %q, which yaml.v3 refuses: %v%v", data, syntax, kerr)
		}
		if x, y := dumpAll(fast), dumpAll(slow); x != y {
			t.Errorf("parseFast and yaml.v3 read %q differently:\nfast:    %s\nyaml.v3: %s", data, x, y)
		}
	})
}

// TestFastReadsArticles checks that the fast parser is the one that reads
// articles as writers write them: every real article and every generated
// one. (What it hands to yaml.v3 instead costs time, not correctness.)
func TestFastReadsArticles(t *testing.T) {
	articles, _ := yamlSeeds(t)
	for i, data := range articles {
		if parseFast("f.yaml", data) == nil {
			t.Errorf("article %d is left to yaml.v3:\n%s", i, data)
		}
	}
}

// dumpAll writes a tree with everything a node holds.
func dumpAll(n *node) string {
	var b strings.Builder
	var walk func(n *node)
	walk = func(n *node) {
		fmt.Fprintf(&b, "%d:%d/%d ", n.pos.Line, n.pos.Col, n.size)
		switch n.kind {
		case nullKind:
			b.WriteString("null")
		case scalarKind:
			fmt.Fprintf(&b, "%q", n.value)
			if n.quoted {
				b.WriteString("q")
			}
		case listKind:
			b.WriteString("[")
			for _, it := range n.items {
				walk(it)
				b.WriteString(", ")
			}
			b.WriteString("]")
		case mapKind:
			b.WriteString("{")
			for i := range n.keys {
				walk(n.keys[i])
				b.WriteString(": ")
				walk(n.vals[i])
				b.WriteString(", ")
			}
			b.WriteString("}")
		}
	}
	walk(n)
	return b.String()
}

// BenchmarkParse reads the articles of the generated corpus with the fast
// parser and with yaml.v3 (and its converter), which it spares.
func BenchmarkParse(b *testing.B) {
	articles, _ := yamlSeeds(b)
	size := 0
	for _, data := range articles {
		size += len(data)
	}
	for _, p := range []struct {
		name  string
		parse func(data []byte) *node
	}{
		{"fast", func(data []byte) *node { return parseFast("f.yaml", data) }},
		{"yaml.v3", func(data []byte) *node { n, _, _ := parseYAML3("f.yaml", data); return n }},
	} {
		b.Run(p.name, func(b *testing.B) {
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				for _, data := range articles {
					if p.parse(data) == nil {
						b.Fatal("not read")
					}
				}
			}
		})
	}
}
