package localdeploy

import (
	"fmt"
	"io"
	"log/slog"
	"regexp"
)

// Options says what to deploy and against what.
type Options struct {
	// TemplatePath is the generated template, normally out/<env>.json.
	// Required. The file is only read.
	TemplatePath string
	// Env is the environment name (dev, staging, prod). Required; it names
	// the stack and the artifact bucket.
	Env string
	// SecretARN is the full ARN, suffix included, of the existing secret
	// holding the pseudonymisation key, as the template names it. Empty
	// means: take the one secret ARN written in the template.
	SecretARN string
	// SecretKeyARN is the ARN of the customer-managed KMS key that encrypts
	// the secret, as the template names it. Empty means: take the one KMS
	// key ARN written in the template.
	SecretKeyARN string
	// FunctionZip is the packaged function code. Empty means: a small
	// placeholder zip made in a temporary directory (moto never runs it).
	FunctionZip string
	// StackName defaults to "securepipe-<Env>".
	StackName string
	// Endpoint is the URL of a moto server that is already running. Empty
	// means: start moto_server on 127.0.0.1 and stop it at the end.
	Endpoint string
	// KeepMoto leaves the server running with the stack deployed, for
	// debugging, and prints how to reach and stop it. Without it the stack
	// is deleted and the server stopped.
	KeepMoto bool
	// Verbose logs debug detail (commands run, their output, moto's own
	// output) as slog text on the stderr writer Run is given; a CLI's -v.
	Verbose bool

	logger *slog.Logger
}

var envPattern = regexp.MustCompile(`^[a-z][a-z0-9-]{0,20}$`)

// withDefaults checks the options and fills in what has a default.
func (o Options) withDefaults(stderr io.Writer) (Options, error) {
	if o.TemplatePath == "" {
		return o, fmt.Errorf("check options: no template path; " +
			"pass the generated template, e.g. out/dev.json")
	}
	if !envPattern.MatchString(o.Env) {
		return o, fmt.Errorf("check options: environment %q is not a short "+
			"lowercase name such as dev, staging or prod", o.Env)
	}
	if o.StackName == "" {
		o.StackName = "securepipe-" + o.Env
	}
	o.logger = slog.New(slog.DiscardHandler)
	if o.Verbose {
		o.logger = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}

	return o, nil
}
