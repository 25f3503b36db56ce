package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestReflow: at 320 CSS px (WCAG 1.4.10) an article does not scroll
// sideways even with what the seven articles do not have yet but writers
// may write: an error code longer than the screen in a fix's or a
// question's heading, and a Markdown table of host names in a step. The
// test puts them into the seed article as the renderer writes them: a
// heading in a .fix-head row, and a table in its scrolling wrapper in a
// step (TestTableWrapped in generator/markdown checks the wrapper).
func TestReflow(t *testing.T) {
	e := setup(t)
	tb := e.newTab(t, true)
	if err := tb.do(5*time.Second, chromedp.EmulateViewport(320, 640)); err != nil {
		t.Fatalf("emulating a 320 px screen: %v", err)
	}
	tb.open(seedURL)
	type layout struct {
		Width       float64 `json:"width"`
		ScrollWidth float64 `json:"scrollWidth"`
		Wide        string  `json:"wide"`
		TableScroll bool    `json:"tableScroll"`
	}
	l, err := eval[layout](tb, `(() => {
		const code = 'NET::ERR_CERT_COMMON_NAME_INVALID_ON_MANAGED_DEVICES';
		for (const h of document.querySelectorAll('.fix-head > h3')) h.append(' ' + code);
		const row = (cells, tag) => '<tr>' + cells.map((c) => '<' + tag + '>' + c + '</' + tag + '>').join('') + '</tr>';
		const table = document.createElement('div');
		table.innerHTML = '<div class="table-wrap" role="region" aria-label="Table" tabindex="0"><table><thead>' + row(['Protocol', 'Server', 'Port', 'Encryption method', 'Authentication'], 'th') + '</thead><tbody>' +
			row(['IMAP', 'imap.mail.a-very-long-provider-name.example.com', '993', 'SSL/TLS', 'OAuth2 or normal password'], 'td') + '</tbody></table></div>';
		document.querySelector('.steps > li').append(table);
		const wide = [...document.querySelectorAll('main *')].find((el) => el.getBoundingClientRect().right > innerWidth + 0.5 && !el.closest('.table-wrap, .visually-hidden'));
		const t = document.querySelector('main .table-wrap');
		return {width: innerWidth, scrollWidth: document.documentElement.scrollWidth,
			wide: wide ? wide.tagName + '.' + wide.className + ' ' + wide.textContent.trim().slice(0, 60) : '',
			tableScroll: t.getBoundingClientRect().right <= innerWidth && t.scrollWidth > t.clientWidth};
	})()`)
	if err != nil {
		t.Fatal(err)
	}
	if l.ScrollWidth > l.Width {
		t.Errorf("at %.0f px the page is %.0f px wide: it scrolls sideways", l.Width, l.ScrollWidth)
	}
	if l.Wide != "" {
		t.Errorf("at %.0f px %s reaches past the screen's right edge", l.Width, l.Wide)
	}
	if !l.TableScroll {
		t.Errorf("at %.0f px a table wider than the screen does not scroll within the column", l.Width)
	}
}
