package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// codePages are articles with highlighted code blocks: ini settings,
// PowerShell.
var codePages = []string{
	"/thunderbird/outgoing-server-connection-failed/",
	"/microsoft-outlook/error-0x800ccc0e/",
}

// TestCodeContrast: every character of a highlighted code block reads at
// 4.5:1 or more (WCAG 1.4.3) against the block's background on screen in
// light and dark mode, and against white paper when printed in either
// (browsers do not print backgrounds). axe-core cannot tell: the steps'
// numbers are pseudo-elements, so it leaves the text in steps "to review
// by hand", and the chroma classes a dark style leaves undefined kept the
// light style's colours on the dark background.
func TestCodeContrast(t *testing.T) {
	e := setup(t)
	for _, c := range []struct {
		name, media, scheme string
	}{{"screen light", "", "light"}, {"screen dark", "", "dark"}, {"print light", "print", "light"}, {"print dark", "print", "dark"}} {
		t.Run(c.name, func(t *testing.T) {
			tb := e.newTab(t, true)
			if err := tb.call(5*time.Second, func(ctx context.Context) error {
				_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
					Media:    c.media,
					Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: c.scheme}},
				})
				return err
			}); err != nil {
				t.Fatal(err)
			}
			for _, p := range codePages {
				tb.open(p)
				type low struct {
					Text  string  `json:"text"`
					Class string  `json:"class"`
					Ratio float64 `json:"ratio"`
				}
				type result struct {
					Spans int   `json:"spans"`
					Low   []low `json:"low"`
				}
				r, err := eval[result](tb, `(() => {
					const rgb = (s) => s.match(/[\d.]+/g).map(Number);
					const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
						.reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
					const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
					const paper = matchMedia('print').matches;
					const out = {spans: 0, low: []};
					for (const pre of document.querySelectorAll('pre.chroma')) {
						const bg = paper ? [255, 255, 255] : rgb(getComputedStyle(pre).backgroundColor);
						for (const el of pre.querySelectorAll('span')) {
							if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
							out.spans++;
							const r = ratio(rgb(getComputedStyle(el).color), bg);
							if (r < 4.5) out.low.push({text: el.textContent.trim().slice(0, 30), class: el.className, ratio: Math.round(r * 100) / 100});
						}
					}
					return out;
				})()`)
				if err != nil {
					t.Fatal(err)
				}
				if r.Spans == 0 {
					t.Errorf("%s: no highlighted code found: the test reads nothing", p)
				}
				for i, l := range r.Low {
					if i == 5 {
						t.Errorf("%s: … and %d more", p, len(r.Low)-5)
						break
					}
					t.Errorf("%s: %q (class %q) reads at %.2f:1; want 4.5:1 or more", p, l.Text, l.Class, l.Ratio)
				}
			}
		})
	}
}
