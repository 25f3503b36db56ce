package site

import (
	"bytes"
	"encoding/json"
	"strconv"

	"kbgen/generator/internal/jsonw"
)

// AppendJSON appends the page's front matter as JSON and a newline, byte
// for byte as an encoding/json Encoder with SetEscapeHTML(false) writes it
// (only Hugo's JSON parser reads it, never an HTML page). Article pages,
// ten thousand of about 45 KB on a large site, are written by hand:
// encoding/json's reflection was most of the cost of making them. The few
// other pages go through encoding/json. TestAppendJSONIsEncodingJSON holds
// the two to the same bytes.
func (fm *FrontMatter) AppendJSON(b []byte) ([]byte, error) {
	b = append(b, `{"title":`...)
	b = str(b, fm.Title)
	if fm.URL != "" {
		b = append(b, `,"url":`...)
		b = str(b, fm.URL)
	}
	if fm.Description != "" {
		b = append(b, `,"description":`...)
		b = str(b, fm.Description)
	}
	if fm.Date != "" {
		b = append(b, `,"date":`...)
		b = str(b, fm.Date)
	}
	if fm.Lastmod != "" {
		b = append(b, `,"lastmod":`...)
		b = str(b, fm.Lastmod)
	}
	if len(fm.Aliases) > 0 {
		b = append(b, `,"aliases":`...)
		b = jsonw.AppendStringsRawHTML(b, fm.Aliases)
	}
	if fm.Layout != "" {
		b = append(b, `,"layout":`...)
		b = str(b, fm.Layout)
	}
	if fm.Build != nil {
		b = append(b, `,"build":{`...)
		comma := false
		if fm.Build.Render != "" {
			b = append(b, `"render":`...)
			b = str(b, fm.Build.Render)
			comma = true
		}
		if fm.Build.List != "" {
			if comma {
				b = append(b, ',')
			}
			b = append(b, `"list":`...)
			b = str(b, fm.Build.List)
		}
		b = append(b, '}')
	}
	if fm.Sitemap != nil {
		b = append(b, `,"sitemap":{"disable":`...)
		b = strconv.AppendBool(b, fm.Sitemap.Disable)
		b = append(b, '}')
	}
	b = append(b, `,"meta":`...)
	b = fm.Meta.appendJSON(b)
	if len(fm.Breadcrumb) > 0 {
		b = append(b, `,"breadcrumb":`...)
		b = jsonw.AppendArray(b, fm.Breadcrumb, (*Link).appendJSON)
	}
	b = append(b, `,"kb":`...)
	switch v := fm.KB.(type) {
	case ArticleView:
		b = v.appendJSON(b)
	case *ArticleView:
		if v == nil {
			b = append(b, "null"...)
		} else {
			b = v.appendJSON(b)
		}
	default:
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			return b, err
		}
		b = append(b, bytes.TrimSuffix(buf.Bytes(), []byte{'\n'})...)
	}
	return append(b, "}\n"...), nil
}

func str(b []byte, s string) []byte { return jsonw.AppendStringRawHTML(b, s) }

func strs(b []byte, ss []string) []byte { return jsonw.AppendStringsRawHTML(b, ss) }

func (m *Meta) appendJSON(b []byte) []byte {
	b = append(b, `{"title":`...)
	b = str(b, m.Title)
	b = append(b, `,"description":`...)
	b = str(b, m.Description)
	b = append(b, `,"type":`...)
	b = str(b, m.Type)
	b = append(b, `,"image":`...)
	b = str(b, m.Image)
	if m.Published != "" {
		b = append(b, `,"published":`...)
		b = str(b, m.Published)
	}
	if m.Modified != "" {
		b = append(b, `,"modified":`...)
		b = str(b, m.Modified)
	}
	b = append(b, `,"jsonld":`...)
	b = str(b, m.JSONLD)
	if m.NoIndex {
		b = append(b, `,"noindex":true`...)
	}
	b = append(b, `,"search":`...)
	b = str(b, m.Search)
	return append(b, '}')
}

func (l *Link) appendJSON(b []byte) []byte {
	b = append(b, `{"name":`...)
	b = str(b, l.Name)
	b = append(b, `,"url":`...)
	b = str(b, l.URL)
	return append(b, '}')
}

func (v *ArticleView) appendJSON(b []byte) []byte {
	b = append(b, `{"url":`...)
	b = str(b, v.URL)
	b = append(b, `,"error":`...)
	b = str(b, v.Error)
	b = append(b, `,"codes":`...)
	b = strs(b, v.Codes)
	b = append(b, `,"product":`...)
	b = v.Product.appendJSON(b)
	b = append(b, `,"platforms":`...)
	b = strs(b, v.Platforms)
	b = append(b, `,"title_html":`...)
	b = str(b, v.TitleHTML)
	b = append(b, `,"summary_html":`...)
	b = str(b, v.SummaryHTML)
	b = append(b, `,"updated":`...)
	b = str(b, v.Updated)
	b = append(b, `,"updated_text":`...)
	b = str(b, v.UpdatedText)
	b = append(b, `,"published":`...)
	b = str(b, v.Published)
	b = append(b, `,"causes":`...)
	b = jsonw.AppendArray(b, v.Causes, (*Cause).appendJSON)
	b = append(b, `,"first_fix":`...)
	b = v.FirstFix.appendJSON(b)
	b = append(b, `,"fixes":`...)
	b = jsonw.AppendArray(b, v.Fixes, (*Fix).appendJSON)
	b = append(b, `,"advanced_fixes":`...)
	b = jsonw.AppendArray(b, v.AdvancedFixes, (*Fix).appendJSON)
	b = append(b, `,"faq":`...)
	b = jsonw.AppendArray(b, v.FAQ, (*QA).appendJSON)
	b = append(b, `,"applies_to":`...)
	b = strs(b, v.AppliesTo)
	b = append(b, `,"reply":`...)
	b = str(b, v.Reply)
	b = append(b, `,"related":`...)
	b = jsonw.AppendArray(b, v.Related, (*ArticleItem).appendJSON)
	b = append(b, `,"escalation":`...)
	if e := v.Escalation; e == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, `{"label":`...)
		b = str(b, e.Label)
		b = append(b, `,"href":`...)
		b = str(b, e.Href)
		b = append(b, `,"email":`...)
		b = strconv.AppendBool(b, e.Email)
		b = append(b, `,"contact":`...)
		b = str(b, e.Contact)
		b = append(b, '}')
	}
	return append(b, '}')
}

func (c *Cause) appendJSON(b []byte) []byte {
	b = append(b, `{"id":`...)
	b = str(b, c.ID)
	b = append(b, `,"html":`...)
	b = str(b, c.HTML)
	b = append(b, `,"fixes":`...)
	b = jsonw.AppendArray(b, c.Fixes, (*FixRef).appendJSON)
	return append(b, '}')
}

func (r *FixRef) appendJSON(b []byte) []byte {
	b = append(b, `{"id":`...)
	b = str(b, r.ID)
	b = append(b, `,"title_html":`...)
	b = str(b, r.TitleHTML)
	b = append(b, `,"label":`...)
	b = str(b, r.Label)
	return append(b, '}')
}

func (f *Fix) appendJSON(b []byte) []byte {
	b = append(b, `{"id":`...)
	b = str(b, f.ID)
	b = append(b, `,"title_id":`...)
	b = str(b, f.TitleID)
	b = append(b, `,"label":`...)
	b = str(b, f.Label)
	b = append(b, `,"number":`...)
	b = strconv.AppendInt(b, int64(f.Number), 10)
	b = append(b, `,"level":`...)
	b = str(b, f.Level)
	b = append(b, `,"title_html":`...)
	b = str(b, f.TitleHTML)
	b = append(b, `,"note_html":`...)
	b = str(b, f.NoteHTML)
	b = append(b, `,"warning_html":`...)
	b = str(b, f.WarningHTML)
	b = append(b, `,"steps":`...)
	b = jsonw.AppendArray(b, f.Steps, (*Step).appendJSON)
	b = append(b, `,"solves":`...)
	b = jsonw.AppendArray(b, f.Solves, (*CauseRef).appendJSON)
	b = append(b, `,"applies_to":`...)
	b = strs(b, f.AppliesTo)
	b = append(b, `,"reply":`...)
	b = str(b, f.Reply)
	b = append(b, `,"yes_id":`...)
	b = str(b, f.YesID)
	b = append(b, `,"no_id":`...)
	b = str(b, f.NoID)
	b = append(b, `,"next":`...)
	if f.Next == nil {
		b = append(b, "null"...)
	} else {
		b = f.Next.appendJSON(b)
	}
	return append(b, '}')
}

func (s *Step) appendJSON(b []byte) []byte {
	b = append(b, `{"id":`...)
	b = str(b, s.ID)
	b = append(b, `,"html":`...)
	b = str(b, s.HTML)
	return append(b, '}')
}

func (r *CauseRef) appendJSON(b []byte) []byte {
	b = append(b, `{"id":`...)
	b = str(b, r.ID)
	b = append(b, `,"text":`...)
	b = str(b, r.Text)
	return append(b, '}')
}

func (q *QA) appendJSON(b []byte) []byte {
	b = append(b, `{"id":`...)
	b = str(b, q.ID)
	b = append(b, `,"q_html":`...)
	b = str(b, q.QHTML)
	b = append(b, `,"a_html":`...)
	b = str(b, q.AHTML)
	return append(b, '}')
}

func (it *ArticleItem) appendJSON(b []byte) []byte {
	b = append(b, `{"title":`...)
	b = str(b, it.Title)
	b = append(b, `,"url":`...)
	b = str(b, it.URL)
	b = append(b, `,"error":`...)
	b = str(b, it.Error)
	b = append(b, `,"summary":`...)
	b = str(b, it.Summary)
	b = append(b, `,"product":`...)
	b = it.Product.appendJSON(b)
	b = append(b, `,"updated":`...)
	b = str(b, it.Updated)
	b = append(b, `,"updated_text":`...)
	b = str(b, it.UpdatedText)
	return append(b, '}')
}
