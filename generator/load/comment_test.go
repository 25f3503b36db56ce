package load_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"kbgen/generator/load"
)

// TestCommentCutsText checks the note for plain text that a " #" ends on
// its line (YAML reads the rest as a comment, and the page would show only
// what comes before), and that comments elsewhere draw none.
func TestCommentCutsText(t *testing.T) {
	const file = "content/app/cannot-connect.yaml"
	src := `# A comment line: not a note.
error: Cannot connect   # the message as shown: a note
product: App
updated: 2026-11-28 # a date, not text
platforms: [iOS, iPadOS] # after a list
summary: |
  Check the network. # in a block: kept as text
causes:
  - id: offline # after an id
    text: "Quoted #text # stays whole"
fixes:
  - id: online
    title: Go online
    solves: [offline]
    steps:
      - Post in channel #general too.
      - "Ask in #help, then wait."
      - Tap Reset
        Network Settings # the end of text over two lines
      - Ünïcode wörds #kept?
`
	a, errs := load.File(file, []byte(src))
	if len(errs) > 0 || a == nil {
		t.Fatalf("load: %v", errs)
	}
	if got := a.Fixes[0].Steps[0].Src; got != "Post in channel" {
		t.Fatalf("step 1 = %q; the test expects YAML to cut it at the comment", got)
	}
	var got []string
	for _, n := range a.Notes {
		got = append(got, n.Error())
	}
	note := `: the text after " #" is read as a YAML comment and is not shown: to keep it, put the whole text in quotes`
	want := []string{
		file + ":2:25: error" + note,
		file + ":16:25: fixes[0].steps[0]" + note,
		file + ":20:23: fixes[0].steps[3]" + note, // columns count characters
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("notes (-want +got):\n%s", diff)
	}
}
