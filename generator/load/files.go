package load

import (
	"bytes"
	"image"
	_ "image/gif" // the formats whose size SiteFiles reads
	_ "image/jpeg"
	_ "image/png"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/spf13/afero"
	_ "golang.org/x/image/webp"

	"kbgen/generator/markdown"
)

// RootDir is the folder of the project whose files are published at the
// root of the site as they are: favicon.ico, logo.png, and the images
// articles show.
const RootDir = "static/root"

// SiteFiles lists the files of RootDir by their path on the site
// (/mail-settings.png), with the size of those that are images: PNG,
// JPEG, GIF and WebP by their header, SVG by its width and height or its
// viewBox. Other files, and images whose size cannot be read, have a zero
// Image. What is not a plain file is left out (the build refuses it).
func SiteFiles(fsys afero.Fs) map[string]markdown.Image {
	files := make(map[string]markdown.Image)
	root := "/" + RootDir
	afero.Walk(fsys, root, func(p string, info fs.FileInfo, err error) error {
		if err != nil || !info.Mode().IsRegular() {
			return nil
		}
		name := strings.TrimPrefix(filepath.ToSlash(p), root)
		files[name] = imageSize(fsys, p)
		return nil
	})
	return files
}

// imageSize reads the size of the image file p, or returns a zero Image.
func imageSize(fsys afero.Fs, p string) markdown.Image {
	ext := strings.ToLower(path.Ext(p))
	switch ext {
	case ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg":
	default:
		return markdown.Image{}
	}
	f, err := fsys.Open(p)
	if err != nil {
		return markdown.Image{}
	}
	defer f.Close()
	if ext == ".svg" {
		head := make([]byte, 8<<10)
		n, _ := io.ReadFull(f, head)
		return svgSize(head[:n])
	}
	cfg, _, err := image.DecodeConfig(f)
	if err != nil {
		return markdown.Image{}
	}
	return markdown.Image{Width: cfg.Width, Height: cfg.Height}
}

// maxSide is the largest width or height SiteFiles gives: past it the
// number is a mistake, and the page is better off without it.
const maxSide = 20000

var (
	svgComment = regexp.MustCompile(`(?s)<!--.*?-->`)
	svgTag     = regexp.MustCompile(`(?s)<svg\b[^>]*>`)
	svgAttr    = regexp.MustCompile(`\s(width|height|viewBox)\s*=\s*["']([^"']*)["']`)
)

// svgSize reads an SVG's size from its root element: width and height in
// pixels (a number, or a number with px); one of them with the viewBox's
// shape; else the viewBox's. Comments before the root are passed over.
func svgSize(head []byte) markdown.Image {
	tag := svgTag.Find(svgComment.ReplaceAll(head, nil))
	if tag == nil {
		return markdown.Image{}
	}
	var w, h float64
	var box []string
	for _, m := range svgAttr.FindAllSubmatch(tag, -1) {
		v := string(bytes.TrimSpace(m[2]))
		switch string(m[1]) {
		case "width":
			w = pixels(v)
		case "height":
			h = pixels(v)
		case "viewBox":
			box = strings.Fields(strings.ReplaceAll(v, ",", " "))
		}
	}
	if len(box) == 4 {
		bw, bh := pixels(box[2]), pixels(box[3])
		switch {
		case bw <= 0 || bh <= 0:
		case w > 0 && h <= 0: // one side given: the other keeps the viewBox's shape
			h = w * bh / bw
		case h > 0 && w <= 0:
			w = h * bw / bh
		case w <= 0 && h <= 0:
			w, h = bw, bh
		}
	}
	if w <= 0 || h <= 0 || w > maxSide || h > maxSide {
		return markdown.Image{}
	}
	return markdown.Image{Width: int(w + 0.5), Height: int(h + 0.5)}
}

// pixels parses "24" or "24px"; anything else (100%, 2em) is 0.
func pixels(v string) float64 {
	f, err := strconv.ParseFloat(strings.TrimSuffix(v, "px"), 64)
	if err != nil || f < 0 {
		return 0
	}
	return f
}
