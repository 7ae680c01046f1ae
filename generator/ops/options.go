package ops

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"regexp"
)

// Options say which environment to act on and how to reach AWS.
type Options struct {
	// Env names the environment as the spec does. Required.
	Env string
	// Spec is the pipeline spec; default templates/pipeline.yaml.
	Spec string
	// Out holds the generated templates; default out.
	Out string
	// Dist holds the packaged functions and the package records; default
	// dist.
	Dist string
	// Endpoint, when set, is the URL every AWS CLI call goes to, the CLI's
	// own uploads included.
	Endpoint string
	// Confirm must name the environment to destroy a protected one.
	Confirm string
	// MFA is "serial code": the ARN of the root user's MFA device and a
	// current code from it, for mfa-delete and for emptying buckets with
	// MFA delete on.
	MFA string
	// KeepBootstrap leaves the bootstrap stack and its artifact bucket
	// when destroying.
	KeepBootstrap bool
	// Verbose logs each AWS CLI call's output on the stderr writer.
	Verbose bool
	// Environ is the environment every AWS CLI call runs in; nil means
	// this process's.
	Environ []string
	// Stand, when set, bends the run to a stand-in for AWS.
	Stand Stand

	// assumeRoot skips the root-user check of mfa-delete, for tests
	// against a stand-in that has no root user.
	assumeRoot bool
}

// Stand is a stand-in for AWS, such as moto, and what the run must do
// differently for it. Each method says what it changed on w.
type Stand interface {
	// Template rewrites a decoded copy of a template before it deploys.
	Template(w io.Writer, doc map[string]any)
	// Environ returns env with what the AWS CLI needs to reach the stand-in.
	Environ(w io.Writer, env []string) ([]string, error)
	// Deploying runs before a change set of the stack is created.
	Deploying(ctx context.Context, w io.Writer, stack string) error
	// Deployed runs once a stack is deployed, with its template.
	Deployed(ctx context.Context, w io.Writer, stack string, doc map[string]any) error
	// Outputs works out a deployed stack's outputs from its template, for
	// a stand-in that reports none.
	Outputs(ctx context.Context, w io.Writer, stack string, doc map[string]any) (map[string]string, error)
	// Deleting runs before a stack is deleted, with its resources.
	Deleting(ctx context.Context, w io.Writer, resources []Resource) error
}

// Resource is one resource of a deployed stack.
type Resource struct {
	LogicalID  string
	Type       string
	PhysicalID string
}

var envPattern = regexp.MustCompile(`^[a-z]([a-z0-9-]*[a-z0-9])?$`)

func (o Options) withDefaults() (Options, error) {
	if !envPattern.MatchString(o.Env) {
		return o, fmt.Errorf("environment %q: give the environment's name as the spec writes it, such as dev or prod", o.Env)
	}
	if o.Spec == "" {
		o.Spec = "templates/pipeline.yaml"
	}
	if o.Out == "" {
		o.Out = "out"
	}
	if o.Dist == "" {
		o.Dist = "dist"
	}
	if o.Environ == nil {
		o.Environ = os.Environ()
	}
	return o, nil
}

func (o Options) logger(stderr io.Writer) *slog.Logger {
	if !o.Verbose {
		return slog.New(slog.DiscardHandler)
	}
	return slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
}
