package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"generator": func() {
			os.Exit(exitCode(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr)))
		},
	})
}

// TestScripts runs the CLI scripts in testdata/script. Each starts in a
// fresh directory holding the project's real hugo.toml, layouts/ and
// static/, plus the files of its archive.
func TestScripts(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			for _, name := range []string{"hugo.toml", "layouts", "static"} {
				if err := os.CopyFS(filepath.Join(env.WorkDir, name), os.DirFS(filepath.Join(root, name))); err != nil {
					if name == "hugo.toml" {
						data, rerr := os.ReadFile(filepath.Join(root, name))
						if rerr != nil {
							return rerr
						}
						if err := os.WriteFile(filepath.Join(env.WorkDir, name), data, 0o666); err != nil {
							return err
						}
						continue
					}
					return err
				}
			}
			return nil
		},
	})
}

// TestUsageListsEveryCommandAligned: --help names every command, each
// summary starting in one column.
func TestUsageListsEveryCommandAligned(t *testing.T) {
	var b strings.Builder
	usage(&b)
	cols := map[int]bool{}
	for _, c := range commands() {
		i := strings.Index(b.String(), "\n  "+c.name+" ")
		if i < 0 {
			t.Fatalf("usage does not list %s:\n%s", c.name, b.String())
		}
		line := b.String()[i+1:]
		line = line[:strings.IndexByte(line, '\n')]
		cols[strings.Index(line, c.summary)] = true
	}
	if len(cols) != 1 {
		t.Errorf("the summaries start in %d columns; want one:\n%s", len(cols), b.String())
	}
}
