package load

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestSyntaxAdviceAnyPosition calls syntaxAdvice at every position of the
// small files of the corpora, and around them: a parser's error may point
// anywhere, past the end of a line or of the file included. It must not
// fail, and advice it gives says something.
func TestSyntaxAdviceAnyPosition(t *testing.T) {
	_, others := yamlSeeds(t)
	others = append(others, []byte(""), []byte("\n"), []byte("-"), []byte("- [\"a]\n"), []byte("a: 'b\n"), []byte("é: \"ü\" x\n  - [é](ü) x\n"))
	for _, data := range others {
		lines := strings.Split(string(data), "\n")
		for line := -1; line <= len(lines)+1; line++ {
			cols := 2
			if line >= 1 && line <= len(lines) {
				cols = utf8.RuneCountInString(lines[line-1]) + 2
			}
			for col := -1; col <= cols; col++ {
				if advice, ok := syntaxAdvice(data, line, col); ok && advice == "" {
					t.Errorf("%q at %d:%d: empty advice", data, line, col)
				}
			}
		}
	}
}
