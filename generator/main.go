// Command generator builds the troubleshooting knowledge base: the YAML
// articles in content/ become the static site in public/.
//
//	go run ./generator build    # content/ → public/
//	go run ./generator check    # validate only; nothing is written
//
// Every command takes --help.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	stopProfile := startProfile(os.Getenv("KB_CPUPROFILE"), os.Stderr)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stopProfile()
	writeAllocProfile(os.Getenv("KB_MEMPROFILE"), os.Stderr)
	stop()
	os.Exit(exitCode(err))
}

// errReported is returned when the problem has already been printed.
var errReported = errors.New("reported")

// errUsage marks a command line that could not be understood (exit 2).
var errUsage = errors.New("usage")

func exitCode(err error) int {
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	}
	return 1
}

// A command is one verb of the CLI.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"build", "validate content/ and build the site into public/", runBuild},
		{"check", "validate content/ and report every problem; writes nothing", runCheck},
		{"new", "start a new article from a template: content/<product>/<error>.yaml", runNew},
		{"serve", "preview the site at http://127.0.0.1:1313/, rebuilt on every save", runServe},
		{"bench", "measure build, check and search against plain Hugo and Pagefind", runBench},
		{"bench-corpus", "write a generated knowledge base for benchmarks (YAML and plain Hugo)", runBenchCorpus},
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		usage(stdout)
		if len(args) == 0 {
			return errors.Join(errUsage, errReported)
		}
		return nil
	}
	for _, c := range commands() {
		if c.name == args[0] {
			err := c.run(ctx, args[1:], stdout, stderr)
			if err != nil && !errors.Is(err, errReported) && !errors.Is(err, flag.ErrHelp) {
				fmt.Fprintf(stderr, "%s: %v\n", c.name, err)
			}
			return err
		}
	}
	fmt.Fprintf(stderr, "unknown command %q\n\n", args[0])
	usage(stderr)
	return errors.Join(errUsage, errReported)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: go run ./generator <command> [flags]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	width := 0
	for _, c := range commands() {
		width = max(width, len(c.name))
	}
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-*s  %s\n", width, c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'go run ./generator <command> --help' for a command's flags.")
}

// newFlags returns a flag set that prints its usage to stderr and reports
// errors as usage errors.
func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: go run ./generator %s [flags]\n\n%s\n\nFlags:\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		// The flag package has printed the problem and the usage.
		return errors.Join(errUsage, errReported)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return errors.Join(errUsage, errReported)
	}
	return nil
}

// startProfile writes a CPU profile of the whole command to path when it is
// set (KB_CPUPROFILE=build.prof go run ./generator build), for the
// performance work of docs/benchmarks.md. It returns the function that
// stops it.
func startProfile(path string, stderr io.Writer) func() {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintf(stderr, "KB_CPUPROFILE: %v\n", err)
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}

// writeAllocProfile writes the allocations of the whole command (pprof's
// allocs profile: bytes and objects allocated, where) to path when it is set
// (KB_MEMPROFILE=build.mprof go run ./generator build): the collector's
// share of a build's CPU follows what was allocated.
func writeAllocProfile(path string, stderr io.Writer) {
	if path == "" {
		return
	}
	runtime.GC() // the profile is as of the last collection: count all
	f, err := os.Create(path)
	if err == nil {
		err = pprof.Lookup("allocs").WriteTo(f, 0)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "KB_MEMPROFILE: %v\n", err)
	}
}
