package load

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// FuzzParsersAgree checks the two YAML parsers of parse against each
// other: when yaml.v3 and goccy/go-yaml both read a file without error,
// they must read the same tree (kinds, text, quoting, keys in order);
// only positions may differ. parse trusts yaml.v3 for every file it
// accepts, so a difference would change an article. As a test it runs on
// the seeds: every real article, the diagnostics and malformed-input
// corpora. Fuzzing it finds inputs where goccy departs from the YAML
// spec and yaml.v3 does not; they are listed in knownDifference, and none
// is written in an article, which is why it is not one of CI's fuzz runs:
//
//	go test -run=^$ -fuzz=FuzzParsersAgree -fuzztime=60s ./generator/load
func FuzzParsersAgree(f *testing.F) {
	articles, others := yamlSeeds(f)
	for _, data := range append(articles, others...) {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if knownDifference(data) {
			return
		}
		a, aerr, syntax := parseYAML3("f.yaml", data)
		if syntax != nil || aerr != nil {
			return
		}
		b, berr := parseGoccy("f.yaml", data)
		if berr != nil {
			return
		}
		if x, y := dump(a), dump(b); x != y {
			t.Errorf("yaml.v3 and goccy read %q differently:\nyaml.v3: %s\ngoccy:   %s", data, x, y)
		}
	})
}

// dump writes a tree without positions.
func dump(n *node) string {
	var b strings.Builder
	var walk func(n *node, depth int)
	walk = func(n *node, depth int) {
		if depth > maxDepth+2 {
			b.WriteString("…")
			return
		}
		switch n.kind {
		case nullKind:
			b.WriteString("null")
		case scalarKind:
			// Trailing blanks of a block's last line: yaml.v3 keeps
			// them, as the spec says, goccy drops them. Markdown
			// drops them too, so they never reach a page.
			fmt.Fprintf(&b, "%q", strings.TrimRight(n.value, " \t"))
			if n.quoted {
				b.WriteString("q")
			}
		case listKind:
			b.WriteString("[")
			for i, it := range n.items {
				if i > 0 {
					b.WriteString(", ")
				}
				walk(it, depth+1)
			}
			b.WriteString("]")
		case mapKind:
			b.WriteString("{")
			for i := range n.keys {
				if i > 0 {
					b.WriteString(", ")
				}
				walk(n.keys[i], depth+1)
				b.WriteString(": ")
				walk(n.vals[i], depth+1)
			}
			b.WriteString("}")
		}
	}
	walk(n, 0)
	return b.String()
}

// knownDifference reports input in a corner of YAML where the parsers are
// known to read differently, found by this fuzzer; none is something a
// writer types in an article:
//   - a plain scalar over several lines whose next line starts with "-"
//     ("a: b\n -\n c"): yaml.v3 folds it into "b - c", goccy keeps the
//     line break (not skipped: the seeds do not contain one);
//   - a plain scalar over several lines with a blank line and a line of
//     spaces between two of them ("0\n\n \n0", session 9): yaml.v3 reads
//     two line breaks, as the spec says, goccy one (not skipped either);
//   - trailing blanks of a block scalar's last line: yaml.v3 keeps them,
//     goccy drops them (dump trims them; Markdown drops them anyway);
//   - in a flow collection, a ':' not followed by a space ("{a:}",
//     "[{id:offline}]"): yaml.v3 keeps it in the text, as the YAML spec
//     says for a plain key; goccy ends the key there.
func knownDifference(data []byte) bool {
	return bytes.ContainsAny(data, "{[") && flowColon.Match(data)
}

var flowColon = regexp.MustCompile(`:[^ \t\r\n]`)
