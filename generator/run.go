package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
)

// Exit codes.
const (
	exitOK       = 0
	exitFailed   = 1
	exitBadUsage = 2
)

// options are the generate command's flags.
type options struct {
	env     string
	all     bool
	spec    string
	out     string
	suffix  string
	verbose bool
}

const usage = `Usage: go run ./generator (-env NAME | -all) [-spec FILE] [-out DIR] [-suffix SUFFIX] [-v]
       go run ./generator check [-format text|json|sarif] [-o FILE] [-spec FILE -env NAME] FILE...
       go run ./generator deploy-local -env NAME [-code ZIP] [-keep] [-v]
       go run ./generator ops (bootstrap|package|plan|deploy|destroy|mfa-delete) -env NAME [flags]

Generates the CloudFormation templates of each environment of the spec into
DIR/<suffix>.json and DIR/<suffix>.bootstrap.json, each with its compliance
evidence beside it (.evidence.md).
Nothing is written when the spec is bad or a template breaks a compliance
rule. The check command runs the same rules on any template; the ops
commands deploy and destroy an environment (go run ./generator ops -h).

Flags:
`

// run is the whole command: it returns the process exit code.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "check":
			return runCheck(args[1:], stdout, stderr)
		case "deploy-local":
			return runDeployLocal(args[1:], stdout, stderr)
		case "ops":
			return runOps(args[1:], stdout, stderr)
		}
	}
	opts, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "generator: %v\nRun with -h for usage.\n", err)
		return exitBadUsage
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if opts.verbose {
		log = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	written, err := generate(opts, log, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "generator: nothing written\n%v\n", err)
		return exitFailed
	}
	for _, path := range written {
		fmt.Fprintln(stdout, path)
	}
	return exitOK
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("generator", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // run reports a bad flag once, without the usage
	fs.Usage = func() {}
	fs.StringVar(&o.env, "env", "", "environment to generate, as named in the spec")
	fs.BoolVar(&o.all, "all", false, "generate every environment of the spec")
	fs.StringVar(&o.spec, "spec", "templates/pipeline.yaml", "pipeline spec")
	fs.StringVar(&o.out, "out", "out", "directory for the templates (with -suffix: "+ephemeralOut+")")
	fs.StringVar(&o.suffix, "suffix", "", "name suffix for an ephemeral copy of -env, such as review-42")
	fs.BoolVar(&o.verbose, "v", false, "log each stage on stderr")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stderr, usage)
			fs.SetOutput(stderr)
			fs.PrintDefaults()
		}
		return o, err
	}
	switch {
	case fs.NArg() > 0:
		return o, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	case o.all == (o.env != ""):
		return o, errors.New("give exactly one of -env NAME or -all")
	case o.suffix != "" && o.all:
		return o, errors.New("-suffix copies one environment; use it with -env, not -all")
	}
	if o.suffix != "" && !flagSet(fs, "out") {
		// An ephemeral copy stays out of the reviewed, committed out/.
		o.out = ephemeralOut
	}
	return o, nil
}

// ephemeralOut is where -suffix copies go unless -out says otherwise; it
// is ignored by git.
const ephemeralOut = "out/ephemeral"

func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
