package site_test

import (
	"testing"
	"unicode/utf8"

	"kbgen/generator/site"
)

// TestArticleTitle checks that a title keeps, in this order, the message,
// the product and the error code, within site.TitleMax characters: a long
// message is shortened rather than the product and code dropped.
func TestArticleTitle(t *testing.T) {
	for _, tc := range []struct {
		msg, product string
		codes        []string
		want         string
	}{
		{"Cannot verify server identity", "iOS Mail", nil, `"Cannot verify server identity" in iOS Mail: How to Fix`},
		{"Your connection is not private", "Google Chrome", []string{"NET::ERR_CERT_AUTHORITY_INVALID"}, `"Your connection is not private" in Google Chrome`},
		{"Install error - 0x80070005", "Windows Update", []string{"0x80070005"}, `"Install error - 0x80070005" in Windows Update: How to Fix`},
		// Too long: the code and the product stay, the message is shortened.
		{"Cannot connect to the server. If you continue to receive this message, contact your server administrator or ISP.", "Microsoft Outlook", []string{"0x800CCC0E"},
			`0x800CCC0E: "Cannot connect to the…" in Microsoft Outlook`},
		// No room for the message beside a long code: the code and the product.
		{"This site can't be reached. example.com took too long to respond.", "Google Chrome", []string{"ERR_CONNECTION_TIMED_OUT"},
			`ERR_CONNECTION_TIMED_OUT in Google Chrome: How to Fix`},
		// No code: the message shortened, the product kept.
		{"The message could not be sent because connecting to Outgoing server (SMTP) smtp.example.com failed.", "Thunderbird", nil,
			`"The message could not be sent because…" in Thunderbird`},
		// A product name too long for any of it: the message alone.
		{"Sync failed because the vault could not be opened", "Example Password Manager for Enterprise Teams", nil,
			`"Sync failed because the vault could not be opened"`},
	} {
		got := site.ArticleTitle(tc.msg, tc.product, tc.codes)
		if got != tc.want {
			t.Errorf("ArticleTitle(%q, %q, %q) =\n  %s\nwant\n  %s", tc.msg, tc.product, tc.codes, got, tc.want)
		}
		if n := utf8.RuneCountInString(got); n > site.TitleMax {
			t.Errorf("%s: %d characters; at most %d", got, n, site.TitleMax)
		}
	}
}
