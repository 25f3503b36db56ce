package load_test

import (
	"bytes"
	"image"
	"image/color/palette"
	"image/gif"
	"image/jpeg"
	"image/png"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/afero"

	"kbgen/generator/load"
	"kbgen/generator/markdown"
)

// TestSiteFiles: every plain file of static/root by its path on the site,
// with the size of images read from the files themselves.
func TestSiteFiles(t *testing.T) {
	fsys := afero.NewMemMapFs()
	write := func(name string, data []byte) {
		t.Helper()
		if err := afero.WriteFile(fsys, "/static/root/"+name, data, 0o666); err != nil {
			t.Fatal(err)
		}
	}
	img := image.NewRGBA(image.Rect(0, 0, 640, 360))
	var b bytes.Buffer
	png.Encode(&b, img)
	write("screens/mail settings.png", b.Bytes())
	b.Reset()
	jpeg.Encode(&b, image.NewRGBA(image.Rect(0, 0, 300, 500)), nil)
	write("Photo.JPG", b.Bytes())
	b.Reset()
	gif.Encode(&b, image.NewPaletted(image.Rect(0, 0, 16, 8), palette.Plan9), nil)
	write("spinner.gif", b.Bytes())
	write("gear.svg", []byte(`<?xml version="1.0"?>`+"\n"+`<svg xmlns="http://www.w3.org/2000/svg" width="24px" height="24" viewBox="0 0 48 48"><path d="M0 0"/></svg>`))
	write("menu.svg", []byte(`<svg viewBox='0,0,320.4,200' width="100%"></svg>`))
	write("half.svg", []byte(`<!-- <svg width="1" height="1"> --><svg width="24" viewBox="0 0 48 32"></svg>`))
	write("huge.svg", []byte(`<svg width="1e15" height="10"></svg>`))
	write("broken.png", []byte("not a PNG"))
	write("guide.pdf", []byte("%PDF-1.7"))
	want := map[string]markdown.Image{
		"/screens/mail settings.png": {Width: 640, Height: 360},
		"/Photo.JPG":                 {Width: 300, Height: 500},
		"/spinner.gif":               {Width: 16, Height: 8},
		"/gear.svg":                  {Width: 24, Height: 24},
		"/menu.svg":                  {Width: 320, Height: 200},
		"/half.svg":                  {Width: 24, Height: 16},
		"/huge.svg":                  {},
		"/broken.png":                {},
		"/guide.pdf":                 {},
	}
	if diff := cmp.Diff(want, load.SiteFiles(fsys)); diff != "" {
		t.Errorf("SiteFiles (-want +got):\n%s", diff)
	}
	if got := load.SiteFiles(afero.NewMemMapFs()); len(got) != 0 {
		t.Errorf("SiteFiles of a project without static/root = %v", got)
	}
}
