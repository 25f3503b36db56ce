package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/afero"

	"kbgen/generator/build"
	"kbgen/generator/kb"
)

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("build", "Validates every article in content/ and builds the site into public/.\n"+
		"The new site replaces public/ only if the whole build succeeds.", stderr)
	dir := fs.String("C", ".", "project `dir`ectory (holding content/, layouts/, hugo.toml)")
	out := fs.String("o", "public", "publish `dir`ectory inside the project, replaced whole by each build\n(a folder of its own: not content, layouts, static…)")
	baseURL := fs.String("base-url", "", "absolute `URL` of the site, overriding hugo.toml's baseURL and Netlify's")
	noIndex := fs.Bool("noindex", false, "ask search engines not to index the site (preview builds)")
	quiet := fs.Bool("quiet", false, "print nothing on success")
	timings := fs.Bool("timings", false, "print how long each phase of the build took (to stderr)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := build.CheckPublishDir(*out); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	deploy := netlifyDeploy(os.Getenv)
	if *baseURL == "" {
		*baseURL = deploy.baseURL
	}
	*noIndex = *noIndex || deploy.noIndex
	root, err := projectFs(*dir)
	if err != nil {
		return err
	}
	rep, err := build.Run(ctx, build.Options{
		Project:    root,
		Dest:       root,
		PublishDir: *out,
		BaseURL:    *baseURL,
		NoIndex:    *noIndex,
		Log:        stderr,
	})
	if err != nil {
		return reportErrors(stderr, err, *out)
	}
	if *timings {
		fmt.Fprint(stderr, rep.Timings())
	}
	if !*quiet {
		fmt.Fprintln(stdout, rep)
	}
	return nil
}

// deploy is what the build environment says about the site's address.
type deploy struct {
	baseURL string
	noIndex bool
}

// netlifyDeploy reads Netlify's build variables: a production build is
// served at URL; deploy previews and branch deploys at DEPLOY_PRIME_URL,
// and must not be indexed. Elsewhere it says nothing, and hugo.toml's
// baseURL stands.
func netlifyDeploy(getenv func(string) string) deploy {
	switch getenv("CONTEXT") {
	case "production":
		return deploy{baseURL: getenv("URL")}
	case "deploy-preview", "branch-deploy", "dev":
		return deploy{baseURL: getenv("DEPLOY_PRIME_URL"), noIndex: true}
	}
	return deploy{}
}

// projectFs is the project directory as a file system: every file access of
// the generator goes through it.
func projectFs(dir string) (afero.Fs, error) {
	osfs := afero.NewOsFs()
	if ok, err := afero.DirExists(osfs, dir); !ok {
		if err == nil {
			err = fmt.Errorf("no such directory")
		}
		return nil, fmt.Errorf("%w: -C %s: %v", errUsage, dir, err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	// BasePathFs needs an absolute base: it checks every path against it.
	return afero.NewBasePathFs(osfs, abs), nil
}

// reportErrors prints content diagnostics one per line, like a compiler,
// followed by a count.
func reportErrors(stderr io.Writer, err error, publishDir string) error {
	var list kb.ErrorList
	if !errors.As(err, &list) {
		if publishDir != "" {
			fmt.Fprintf(stderr, "build failed: %v\n%s/ was not changed.\n", err, publishDir)
			return errReported
		}
		return err
	}
	files := make(map[string]bool)
	for _, e := range list {
		fmt.Fprintln(stderr, e)
		files[e.Pos.File] = true
	}
	msg := fmt.Sprintf("%s in %s", plural(len(list), "error"), plural(len(files), "file"))
	if publishDir != "" {
		msg += fmt.Sprintf("; nothing was published, %s/ is unchanged", publishDir)
	}
	fmt.Fprintln(stderr, msg)
	return errReported
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
