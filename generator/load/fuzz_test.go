package load_test

import (
	"bytes"
	"strings"
	"testing"

	"kbgen/generator/kb"
	"kbgen/generator/load"
)

// FuzzLoad feeds arbitrary bytes to the loader and the validator, as one
// article file. Neither may panic, and every problem must be located inside
// the file: a line from 1 to the number of lines + 1, a column from 1.
// The seeds are the YAML files of the diagnostics corpus (testdata/diag)
// and of the malformed-input corpus (../testdata/bad), as the parser tests
// read them (YAMLSeeds).
//
//	go test -run=^$ -fuzz=FuzzLoad -fuzztime=60s ./generator/load
func FuzzLoad(f *testing.F) {
	// The corpora's small files only: whole articles as seeds make nearly
	// every mutation "interesting", and minimizing them took the run from
	// one minute to five.
	_, others := load.YAMLSeeds(f)
	for _, data := range others {
		f.Add(data)
	}
	// What the corpus makes at test time, small: a BOM, CRLF, nesting,
	// aliases.
	f.Add([]byte("\uFEFFerror: x\r\nproduct: App\r\n"))
	f.Add([]byte("error: " + strings.Repeat("[", 100) + strings.Repeat("]", 100) + "\n"))
	f.Add([]byte("a: &a [x, x]\nb: &b [*a, *a]\nerror: *b\n"))
	// The syntax mistakes whose advice reads the lines around the error.
	for _, c := range adviceCases {
		f.Add(withLine(f, c.old, c.new))
	}

	const file = "content/app/fuzz.yaml"
	f.Fuzz(func(t *testing.T, data []byte) {
		a, errs := load.File(file, data)
		if a != nil {
			errs = append(errs, kb.Validate([]*kb.Article{a})...)
		}
		lines := lineCount(data)
		for _, e := range errs {
			p := e.Pos
			if p.File != file {
				t.Errorf("%v: names another file than %s", e, file)
			}
			if p.Line < 1 || p.Line > lines+1 {
				t.Errorf("%v: line %d outside the file's %d lines", e, p.Line, lines)
			}
			if p.Col < 1 {
				t.Errorf("%v: column %d", e, p.Col)
			}
			if e.Msg == "" {
				t.Errorf("%v: no message", e)
			}
		}
	})
}

// lineCount counts lines as YAML does: \n, \r\n and a lone \r each end one.
func lineCount(data []byte) int {
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	return bytes.Count(data, []byte("\n")) + bytes.Count(data, []byte("\r")) + 1
}
