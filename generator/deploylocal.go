package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"

	"github.com/securepipe/securepipe/generator/localdeploy"
	"github.com/securepipe/securepipe/generator/spec"
)

const deployLocalUsage = `Usage: go run ./generator deploy-local -env NAME [-spec FILE] [-out DIR] [-code ZIP] [-keep] [-v]

Deploys DIR/<suffix>.json to a moto server on 127.0.0.1 with the same
aws cloudformation deploy a user runs, checks through the AWS API that the
stack has what the spec asked for, then deletes it. The packaged function
defaults to the one 'make lambda' recorded in dist/processor.json.

Flags:
`

// packageRecord is the part of dist/processor.json the deploy needs.
type packageRecord struct {
	Artifact string `json:"artifact"`
}

const packageRecordPath = "dist/processor.json"

// runDeployLocal is the deploy-local subcommand.
func runDeployLocal(args []string, stdout, stderr io.Writer) int {
	var env, specPath, outDir, code string
	var keep, verbose bool
	fs := flag.NewFlagSet("deploy-local", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&env, "env", "", "environment to deploy, as named in the spec")
	fs.StringVar(&specPath, "spec", "templates/pipeline.yaml", "pipeline spec")
	fs.StringVar(&outDir, "out", "out", "directory of the generated templates")
	fs.StringVar(&code, "code", "", "packaged function zip (default: from "+packageRecordPath+")")
	fs.BoolVar(&keep, "keep", false, "leave moto running with the stack deployed, for inspection")
	fs.BoolVar(&verbose, "v", false, "log the commands run and their output on stderr")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stderr, deployLocalUsage)
			fs.SetOutput(stderr)
			fs.PrintDefaults()
			return exitOK
		}
		fmt.Fprintf(stderr, "generator deploy-local: %v\nRun with -h for usage.\n", err)
		return exitBadUsage
	}
	if env == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "generator deploy-local: give -env NAME and no other argument\nRun with -h for usage.")
		return exitBadUsage
	}
	opts, err := deployLocalOptions(env, specPath, outDir, code)
	if err != nil {
		fmt.Fprintf(stderr, "generator deploy-local: %v\n", err)
		return exitFailed
	}
	opts.KeepMoto, opts.Verbose = keep, verbose
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := localdeploy.Run(ctx, opts, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "generator deploy-local: %v\n", err)
		return exitFailed
	}
	return exitOK
}

// deployLocalOptions finds the environment's template, stack name and
// secret in the spec, and the packaged function.
func deployLocalOptions(envName, specPath, outDir, code string) (localdeploy.Options, error) {
	s, err := spec.Load(specPath)
	if err != nil {
		return localdeploy.Options{}, err
	}
	env, err := s.Env(envName)
	if err != nil {
		return localdeploy.Options{}, err
	}
	if code == "" {
		if code, err = packagedFunction(); err != nil {
			return localdeploy.Options{}, err
		}
	}
	return localdeploy.Options{
		TemplatePath: filepath.Join(outDir, env.Suffix+".json"),
		Env:          env.Name,
		StackName:    s.Project + "-" + env.Suffix,
		SecretARN:    env.Secret.ARN,
		SecretKeyARN: env.Secret.KMSKeyARN,
		FunctionZip:  code,
	}, nil
}

func packagedFunction() (string, error) {
	data, err := os.ReadFile(packageRecordPath)
	if errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("no packaged function in %s: run 'make lambda' first, or pass -code ZIP", packageRecordPath)
	}
	if err != nil {
		return "", fmt.Errorf("read package record: %w", err)
	}
	var rec packageRecord
	if err := json.Unmarshal(data, &rec); err != nil || rec.Artifact == "" {
		return "", fmt.Errorf("%s names no artifact: run 'make lambda' again", packageRecordPath)
	}
	return rec.Artifact, nil
}
