package export

import "testing"

// TestAddresses: a reply shows an e-mail link as its address alone,
// however its scheme is written and whatever it asks the mail program to
// fill in, and a link of the site made whole.
func TestAddresses(t *testing.T) {
	link := addresses("https://kb.example.org/app/x/")
	for dest, want := range map[string]string{
		"mailto:help@example.com":            "help@example.com",
		"MAILTO:help@example.com":            "help@example.com",
		"mailto:help@example.com?subject=Hi": "help@example.com",
		"mailto:J%C3%B6rg@example.de":        "Jörg@example.de",
		"#fix-step-2":                        "https://kb.example.org/app/x/#fix-step-2",
		"/app/y/":                            "https://kb.example.org/app/y/",
		"//example.com/guide":                "https://example.com/guide",
		"https://www.ssllabs.com/ssltest/":   "https://www.ssllabs.com/ssltest/",
	} {
		if got := link(dest); got != want {
			t.Errorf("address of %q = %q, want %q", dest, got, want)
		}
	}
}
