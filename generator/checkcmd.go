package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/securepipe/securepipe/generator/output"
	"github.com/securepipe/securepipe/generator/spec"
	"github.com/securepipe/securepipe/generator/stack"
	"github.com/securepipe/securepipe/policies"
	"github.com/securepipe/securepipe/policies/report"
	"github.com/securepipe/securepipe/policies/template"
)

// checkOptions are the check command's flags.
type checkOptions struct {
	format string
	out    string
	spec   string
	env    string
	files  []string
}

const checkUsage = `Usage: go run ./generator check [-format text|json|sarif] [-o FILE] [-spec FILE -env NAME] FILE...

Runs the compliance rules on CloudFormation templates, JSON or YAML, and the
cross-environment rules across them when there are several. Exits 1 when an
unsuppressed error finding remains, 0 otherwise, 2 on bad usage.

Text findings go to stderr; JSON and SARIF go to stdout, or to -o FILE.
With -spec and -env, the environment's suppressions apply and its suffix is
the one names must end with.

Flags:
`

// runCheck is the check command: it returns the process exit code.
func runCheck(args []string, stdout, stderr io.Writer) int {
	o, err := parseCheckFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "check: %v\nRun with -h for usage.\n", err)
		return exitBadUsage
	}
	in, err := checkInput(o)
	if err != nil {
		fmt.Fprintf(stderr, "check: %v\n", err)
		return exitBadUsage
	}
	res := policies.Check(in)
	var buf bytes.Buffer
	switch o.format {
	case "json":
		err = report.JSON(&buf, res)
	case "sarif":
		err = report.SARIF(&buf, res, stack.Version)
	default:
		err = report.Text(&buf, res)
	}
	if err == nil {
		err = emit(o, buf.Bytes(), stdout, stderr)
	}
	if err != nil {
		fmt.Fprintf(stderr, "check: %v\n", err)
		return exitFailed
	}
	if res.Failed() {
		return exitFailed
	}
	return exitOK
}

func emit(o checkOptions, data []byte, stdout, stderr io.Writer) error {
	switch {
	case o.out != "":
		return output.Write(o.out, data)
	case o.format == "text":
		_, err := stderr.Write(data)
		return err
	}
	_, err := stdout.Write(data)
	return err
}

func parseCheckFlags(args []string, stderr io.Writer) (checkOptions, error) {
	var o checkOptions
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, checkUsage)
		fs.PrintDefaults()
	}
	fs.StringVar(&o.format, "format", "text", "report format: text, json or sarif")
	fs.StringVar(&o.out, "o", "", "write the report to FILE instead of stderr (text) or stdout")
	fs.StringVar(&o.spec, "spec", "", "pipeline spec holding the suppressions of -env")
	fs.StringVar(&o.env, "env", "", "environment of the spec the templates belong to")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	o.files = fs.Args()
	switch {
	case len(o.files) == 0:
		return o, errors.New("name at least one template to check")
	case o.format != "text" && o.format != "json" && o.format != "sarif":
		return o, fmt.Errorf("unknown format %q; use text, json or sarif", o.format)
	case (o.spec == "") != (o.env == ""):
		return o, errors.New("give -spec and -env together: the suppressions belong to one environment of one spec")
	}
	return o, nil
}

// checkInput reads the templates, and the spec's environment if given.
func checkInput(o checkOptions) (policies.Input, error) {
	var (
		s   *spec.Spec
		env spec.Env
		err error
	)
	if o.spec != "" {
		if s, err = spec.Load(o.spec); err != nil {
			return policies.Input{}, err
		}
		if env, err = s.Env(o.env); err != nil {
			return policies.Input{}, err
		}
	}
	var in policies.Input
	for _, path := range o.files {
		data, err := os.ReadFile(path)
		if err != nil {
			return in, fmt.Errorf("read template: %w", err)
		}
		tpl, err := template.Parse(path, data)
		if err != nil {
			return in, err
		}
		if s != nil {
			in.Subjects = append(in.Subjects, subject(s, env, tpl))
			continue
		}
		in.Subjects = append(in.Subjects, policies.Subject{Env: envOf(path, tpl), Template: tpl})
	}
	return in, nil
}

// envOf names a template's environment: as its metadata records it, or
// after its file.
func envOf(path string, tpl *template.Template) string {
	if env, ok := template.Get(tpl.Metadata, "Spec", "Environment").(string); ok && env != "" {
		return env
	}
	base := filepath.Base(path)
	return strings.TrimSuffix(base, filepath.Ext(base))
}
