package load_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"kbgen/generator/load"
)

// TestDashInTextNoted checks the note for a "- " item indented further
// than the one above it: YAML reads it as more words of that item's plain
// text, so two steps are published as one, and nothing else tells the
// writer. A dash inside one line of text, a list in a block (|), text in
// quotes and a well indented list draw none.
func TestDashInTextNoted(t *testing.T) {
	const file = "content/app/cannot-connect.yaml"
	src := `error: Cannot connect - offline
product: App
updated: 2026-11-28
summary: Reconnect
  the device, then try again - it works.
causes:
  - id: offline
    text: The device is offline.
fixes:
  - id: online
    title: Go online
    solves: [offline]
    steps:
      - Open **Settings**.
        - Tap **Wi-Fi**.
      - Turn Wi-Fi on - wait.
      - |
        Check:

        - the cable
      - "Quoted
         - stays"
      - Tap Reset
         Network Settings
      - Restart.
      - Open the app.

        - Tap Wi-Fi.
      - Tap Reset
        -
`
	a, errs := load.File(file, []byte(src))
	if len(errs) > 0 || a == nil {
		t.Fatalf("load: %v", errs)
	}
	if got := a.Fixes[0].Steps[0].Src; got != "Open **Settings**. - Tap **Wi-Fi**." {
		t.Fatalf("step 1 = %q; the test expects YAML to fold the second item into it", got)
	}
	var got []string
	for _, n := range a.Notes {
		got = append(got, n.Error())
	}
	want := []string{
		file + `:15:9: fixes[0].steps[0]: this line starts with "- " but is read as more words of the text above it, not as a new item: line its "-" up with the "-" of the item above; for a list inside the text, write the text as a block (|)`,
		// After a blank line (the text holds "\n- "), and a lone "-".
		file + `:28:9: fixes[0].steps[6]: this line starts with "- " but is read as more words of the text above it, not as a new item: line its "-" up with the "-" of the item above; for a list inside the text, write the text as a block (|)`,
		file + `:30:9: fixes[0].steps[7]: this line starts with "- " but is read as more words of the text above it, not as a new item: line its "-" up with the "-" of the item above; for a list inside the text, write the text as a block (|)`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("notes (-want +got):\n%s", diff)
	}
}
