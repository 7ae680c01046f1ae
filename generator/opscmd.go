package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"

	"github.com/securepipe/securepipe/generator/ops"
)

const opsUsage = `Usage: go run ./generator ops COMMAND -env NAME [-spec FILE] [-out DIR] [-dist DIR]
                                 [-endpoint-url URL] [-confirm NAME] [-mfa "SERIAL CODE"] [-keep-bootstrap] [-v]

Takes an environment from the templates in DIR to a running stack and back,
with the AWS CLI and the credentials it finds (AWS_PROFILE, SSO, ...):

  bootstrap   deploy DIR/<suffix>.bootstrap.json: the artifact bucket and its key
  package     upload the packaged functions (make lambda, make rotator) to the
              artifact bucket; record the deploy's parameters in dist/<suffix>.params.json
  plan        create a change set of the main stack and show it; execute nothing
  deploy      deploy DIR/<suffix>.json with the packages, tags and termination
              protection for prod
  destroy     empty the environment's buckets, delete its stacks, say what remains;
              a protected environment needs -confirm NAME
  mfa-delete  turn S3 MFA delete on for the environment's buckets (root user only)

Flags:
`

// opsCommands are the ops subcommands.
var opsCommands = map[string]func(context.Context, ops.Options, io.Writer, io.Writer) error{
	"bootstrap":  ops.Bootstrap,
	"package":    ops.Package,
	"plan":       ops.Plan,
	"deploy":     ops.Deploy,
	"destroy":    ops.Destroy,
	"mfa-delete": ops.MFADelete,
}

// runOps is the ops command: it returns the process exit code.
func runOps(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || opsCommands[args[0]] == nil {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
			fmt.Fprint(stderr, opsUsage)
			return exitOK
		}
		fmt.Fprintf(stderr, "generator ops: give a command, one of %s\nRun with -h for usage.\n", commandList())
		return exitBadUsage
	}
	name := args[0]
	var o ops.Options
	fs := flag.NewFlagSet("ops "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&o.Env, "env", "", "environment, as named in the spec")
	fs.StringVar(&o.Spec, "spec", "templates/pipeline.yaml", "pipeline spec")
	fs.StringVar(&o.Out, "out", "out", "directory of the generated templates")
	fs.StringVar(&o.Dist, "dist", "dist", "directory of the packaged functions and package records")
	fs.StringVar(&o.Endpoint, "endpoint-url", "", "send every AWS CLI call to this URL (a local stand-in for AWS)")
	fs.StringVar(&o.Confirm, "confirm", "", "the environment's name, to destroy a protected environment")
	fs.StringVar(&o.MFA, "mfa", "", `"SERIAL CODE" of the root user's MFA device`)
	fs.BoolVar(&o.KeepBootstrap, "keep-bootstrap", false, "destroy: keep the bootstrap stack and its artifact bucket")
	fs.BoolVar(&o.Verbose, "v", false, "log every AWS CLI call and its output on stderr")
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stderr, opsUsage)
			fs.SetOutput(stderr)
			fs.PrintDefaults()
			return exitOK
		}
		fmt.Fprintf(stderr, "generator ops %s: %v\nRun with -h for usage.\n", name, err)
		return exitBadUsage
	}
	if o.Env == "" || fs.NArg() > 0 {
		fmt.Fprintf(stderr, "generator ops %s: give -env NAME and no other argument\nRun with -h for usage.\n", name)
		return exitBadUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := opsCommands[name](ctx, o, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "generator ops %s: %v\n", name, err)
		return exitFailed
	}
	return exitOK
}

func commandList() string {
	names := make([]string, 0, len(opsCommands))
	for n := range opsCommands {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}
