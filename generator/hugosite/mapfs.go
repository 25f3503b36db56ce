package hugosite

import (
	"bytes"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/afero"
)

// A mapFs is a read-only afero.Fs over files held in a map, by absolute
// slash path; the folders are those the paths imply. Hugo reads the
// generated pages through it where the bytes already are: copying them
// into a MemMapFs cost a copy of every page (450 MB at 10,000 articles)
// and its growth, for files that are never written.
//
// The map must not change while the Fs is in use.
type mapFs struct {
	files   map[string][]byte
	dirs    map[string][]string // folder → its entries' names, sorted
	modTime time.Time
}

func newMapFs(files map[string][]byte) *mapFs {
	m := &mapFs{files: files, dirs: map[string][]string{"/": nil}, modTime: time.Now()}
	for name := range files {
		for name != "/" {
			dir := path.Dir(name)
			_, known := m.dirs[dir]
			m.dirs[dir] = append(m.dirs[dir], path.Base(name))
			if known {
				break // its parents are listed already
			}
			name = dir
		}
	}
	for dir, names := range m.dirs {
		slices.Sort(names)
		m.dirs[dir] = slices.Compact(names)
	}
	return m
}

var (
	_ afero.Fs       = (*mapFs)(nil)
	_ afero.Lstater  = (*mapFs)(nil)
	_ fs.ReadDirFile = (*mapFile)(nil)
	_ afero.File     = (*mapFile)(nil)
)

func (m *mapFs) Name() string { return "mapFs" }

func clean(name string) string { return path.Clean("/" + strings.ReplaceAll(name, "\\", "/")) }

func (m *mapFs) Stat(name string) (os.FileInfo, error) {
	name = clean(name)
	if data, ok := m.files[name]; ok {
		return &mapInfo{name: path.Base(name), size: int64(len(data)), modTime: m.modTime}, nil
	}
	if _, ok := m.dirs[name]; ok {
		return &mapInfo{name: path.Base(name), dir: true, modTime: m.modTime}, nil
	}
	return nil, &os.PathError{Op: "stat", Path: name, Err: os.ErrNotExist}
}

func (m *mapFs) Open(name string) (afero.File, error) {
	name = clean(name)
	if data, ok := m.files[name]; ok {
		return &mapFile{fs: m, name: name, Reader: bytes.NewReader(data)}, nil
	}
	if names, ok := m.dirs[name]; ok {
		return &mapFile{fs: m, name: name, dir: names, isDir: true, Reader: bytes.NewReader(nil)}, nil
	}
	return nil, &os.PathError{Op: "open", Path: name, Err: os.ErrNotExist}
}

func (m *mapFs) OpenFile(name string, flag int, _ os.FileMode) (afero.File, error) {
	if flag&(os.O_WRONLY|os.O_RDWR|os.O_CREATE|os.O_TRUNC|os.O_APPEND) != 0 {
		return nil, m.readOnly("open", name)
	}
	return m.Open(name)
}

func (m *mapFs) readOnly(op, name string) error {
	return &os.PathError{Op: op, Path: name, Err: syscall.EROFS}
}

func (m *mapFs) Create(name string) (afero.File, error)    { return nil, m.readOnly("create", name) }
func (m *mapFs) Mkdir(name string, _ os.FileMode) error    { return m.readOnly("mkdir", name) }
func (m *mapFs) MkdirAll(name string, _ os.FileMode) error { return m.readOnly("mkdir", name) }
func (m *mapFs) Remove(name string) error                  { return m.readOnly("remove", name) }
func (m *mapFs) RemoveAll(name string) error               { return m.readOnly("remove", name) }
func (m *mapFs) Rename(old, _ string) error                { return m.readOnly("rename", old) }
func (m *mapFs) Chmod(name string, _ os.FileMode) error    { return m.readOnly("chmod", name) }
func (m *mapFs) Chown(name string, _, _ int) error         { return m.readOnly("chown", name) }
func (m *mapFs) Chtimes(name string, _, _ time.Time) error { return m.readOnly("chtimes", name) }
func (m *mapFs) LstatIfPossible(name string) (os.FileInfo, bool, error) {
	fi, err := m.Stat(name)
	return fi, false, err
}

// A mapFile is an open file or folder of a mapFs.
type mapFile struct {
	*bytes.Reader
	fs    *mapFs
	name  string
	isDir bool
	dir   []string // the folder's entries not read yet
}

func (f *mapFile) Name() string               { return f.name }
func (f *mapFile) Close() error               { return nil }
func (f *mapFile) Sync() error                { return nil }
func (f *mapFile) Stat() (os.FileInfo, error) { return f.fs.Stat(f.name) }
func (f *mapFile) Write([]byte) (int, error)  { return 0, f.fs.readOnly("write", f.name) }
func (f *mapFile) WriteAt([]byte, int64) (int, error) {
	return 0, f.fs.readOnly("write", f.name)
}
func (f *mapFile) WriteString(string) (int, error) { return 0, f.fs.readOnly("write", f.name) }
func (f *mapFile) Truncate(int64) error            { return f.fs.readOnly("truncate", f.name) }

func (f *mapFile) Read(p []byte) (int, error) {
	if f.isDir {
		return 0, &os.PathError{Op: "read", Path: f.name, Err: syscall.EISDIR}
	}
	return f.Reader.Read(p)
}

// Readdir returns the folder's next n entries (all of them if n <= 0), as
// os.File does.
func (f *mapFile) Readdir(n int) ([]os.FileInfo, error) {
	names, err := f.Readdirnames(n)
	infos := make([]os.FileInfo, len(names))
	for i, name := range names {
		infos[i], _ = f.fs.Stat(path.Join(f.name, name))
	}
	return infos, err
}

// ReadDir is Readdir as fs.ReadDirFile has it, which Hugo needs.
func (f *mapFile) ReadDir(n int) ([]fs.DirEntry, error) {
	infos, err := f.Readdir(n)
	entries := make([]fs.DirEntry, len(infos))
	for i, fi := range infos {
		entries[i] = fs.FileInfoToDirEntry(fi)
	}
	return entries, err
}

func (f *mapFile) Readdirnames(n int) ([]string, error) {
	if !f.isDir {
		return nil, &os.PathError{Op: "readdir", Path: f.name, Err: syscall.ENOTDIR}
	}
	if n <= 0 {
		names := f.dir
		f.dir = nil
		return names, nil
	}
	if len(f.dir) == 0 {
		return nil, io.EOF
	}
	names := f.dir[:min(n, len(f.dir))]
	f.dir = f.dir[len(names):]
	return names, nil
}

// mapInfo is the os.FileInfo of a mapFs file or folder.
type mapInfo struct {
	name    string
	size    int64
	dir     bool
	modTime time.Time
}

func (i *mapInfo) Name() string       { return i.name }
func (i *mapInfo) Size() int64        { return i.size }
func (i *mapInfo) ModTime() time.Time { return i.modTime }
func (i *mapInfo) IsDir() bool        { return i.dir }
func (i *mapInfo) Sys() any           { return nil }
func (i *mapInfo) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}
