package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/pelletier/go-toml/v2"
)

// TestReadmeNetlifyAndCIAgree checks the project's contract: netlify.toml
// runs the README's build command with the Go version go.mod names, and
// .ci/run runs the README's test and build commands.
func TestReadmeNetlifyAndCIAgree(t *testing.T) {
	read := func(name string) string {
		data, err := os.ReadFile(filepath.Join("..", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	readme := read("README.md")
	blocks := regexp.MustCompile("(?s)```sh\n(.*?)\n```").FindAllStringSubmatch(readme, -1)
	if len(blocks) < 2 {
		t.Fatalf("README.md has %d sh blocks; want the build and the test command", len(blocks))
	}
	buildCmd, testCmd := blocks[0][1], blocks[1][1]
	if buildCmd != "go run ./generator build" || testCmd != "go test ./..." {
		t.Errorf("README commands = %q, %q", buildCmd, testCmd)
	}

	var netlify struct {
		Build struct {
			Command     string
			Publish     string
			Environment map[string]string
		}
	}
	if err := toml.Unmarshal([]byte(read("netlify.toml")), &netlify); err != nil {
		t.Fatal(err)
	}
	goVersion := regexp.MustCompile(`(?m)^go (\S+)$`).FindStringSubmatch(read("go.mod"))
	if netlify.Build.Command != buildCmd || netlify.Build.Publish != "public" ||
		goVersion == nil || netlify.Build.Environment["GO_VERSION"] != goVersion[1] {
		t.Errorf("netlify.toml build = %+v; want command %q, publish public, GO_VERSION %v", netlify.Build, buildCmd, goVersion)
	}

	ci := read(".ci/run")
	for _, cmd := range []string{testCmd, buildCmd} {
		if !strings.Contains(ci, "\n"+cmd+"\n") {
			t.Errorf(".ci/run does not run %q", cmd)
		}
	}
}
