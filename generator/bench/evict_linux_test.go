package bench

import (
	"os"
	"path/filepath"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// resident returns how many of the pages of the file at p are in the page
// cache.
func resident(t *testing.T, p string) int {
	t.Helper()
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	m, err := unix.Mmap(int(f.Fd()), 0, int(st.Size()), unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Munmap(m)
	pages := (len(m) + os.Getpagesize() - 1) / os.Getpagesize()
	vec := make([]byte, pages)
	// mincore(2), which x/sys/unix does not wrap on Linux.
	if _, _, errno := unix.Syscall(unix.SYS_MINCORE, uintptr(unsafe.Pointer(&m[0])), uintptr(len(m)), uintptr(unsafe.Pointer(&vec[0]))); errno != 0 {
		t.Fatal(errno)
	}
	n := 0
	for _, v := range vec {
		n += int(v & 1)
	}
	return n
}

// TestTrashEvicts: what the trash takes leaves the page cache, so that the
// next run does not pay for reclaiming it.
func TestTrashEvicts(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public", "a")
	if err := os.MkdirAll(out, 0o777); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(out, "index.html")
	if err := os.WriteFile(p, make([]byte, 1<<20), 0o666); err != nil {
		t.Fatal(err)
	}
	if _, err := os.ReadFile(p); err != nil {
		t.Fatal(err)
	}
	if resident(t, p) == 0 {
		t.Skip("the file system keeps no page cache of its own (tmpfs?): nothing to evict")
	}
	bin := &trash{dir: filepath.Join(dir, ".trash")}
	if err := bin.put(filepath.Join(dir, "public")); err != nil {
		t.Fatal(err)
	}
	moved := filepath.Join(dir, ".trash", "1", "a", "index.html")
	if n := resident(t, moved); n > 0 {
		t.Errorf("%d pages of %s still cached after the trash took it", n, moved)
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); !os.IsNotExist(err) {
		t.Errorf("public/ is still there: %v", err)
	}
}
