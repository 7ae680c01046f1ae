package ops

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// ErrNoCredentials is wrapped by the error of a run whose AWS CLI found no
// usable credentials.
var ErrNoCredentials = errors.New("no usable AWS credentials")

// session is one command's run against one environment.
type session struct {
	o       Options
	env     environment
	aws     *cli
	w       io.Writer
	account string
	caller  string
	dir     string
}

// open reads the environment's templates, finds the AWS CLI and checks
// that its credentials work in the environment's account.
func open(ctx context.Context, o Options, stdout, stderr io.Writer) (*session, error) {
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	env, err := loadEnvironment(o)
	if err != nil {
		return nil, err
	}
	bin, err := findCLI(o.Environ)
	if err != nil {
		return nil, err
	}
	s := &session{o: o, env: env, w: stdout}
	if s.dir, err = os.MkdirTemp("", "securepipe-ops-"); err != nil {
		return nil, fmt.Errorf("make work directory: %w", err)
	}
	s.aws = &cli{bin: bin, region: env.Main.Deploy.Region, endpoint: o.Endpoint,
		env: o.Environ, w: stdout, log: o.logger(stderr)}
	if o.Endpoint != "" {
		// deploy's own S3 client ignores --endpoint-url; the variable
		// reaches it too.
		s.aws.env = append(withoutVar(s.aws.env, "AWS_ENDPOINT_URL"), "AWS_ENDPOINT_URL="+o.Endpoint)
	}
	if o.Stand != nil {
		if s.aws.env, err = o.Stand.Environ(stdout, s.aws.env); err != nil {
			s.close()
			return nil, err
		}
	}
	if err := s.checkCredentials(ctx); err != nil {
		s.close()
		return nil, err
	}
	return s, nil
}

func (s *session) close() { _ = os.RemoveAll(s.dir) }

// checkCredentials asks AWS who the CLI signs in as, and refuses an
// account other than the environment's.
func (s *session) checkCredentials(ctx context.Context) error {
	var id struct{ Account, Arn string }
	err := s.aws.query(ctx, &id, "sts", "get-caller-identity")
	if err != nil {
		var ce *cliError
		if errors.As(err, &ce) && says(err, credentialTroubles...) {
			return fmt.Errorf("%w: the AWS CLI says: %s\n"+
				"Sign in first: aws configure sso and aws sso login (or aws configure), "+
				"or set AWS_PROFILE to %s", ErrNoCredentials, ce.stderr, profileOf(s.env.Main.Deploy.AccountID))
		}
		return fmt.Errorf("reach AWS: %w", err)
	}
	s.account, s.caller = id.Account, id.Arn
	if want := s.env.Main.Deploy.AccountID; want != "" && id.Account != want {
		return fmt.Errorf("the AWS CLI signs in to account %s as %s, but the %s environment deploys only to account %s: "+
			"switch profile (AWS_PROFILE) to one of account %s", id.Account, id.Arn, s.env.Name, want, want)
	}
	fmt.Fprintf(s.w, "   signed in to account %s as %s\n", id.Account, id.Arn)
	return nil
}

// credentialTroubles are what the AWS CLI says when it cannot sign a
// request, or AWS refuses its signature: whole phrases, so that a name
// that merely contains "sso" (the processor) is not taken for one.
var credentialTroubles = []string{"Unable to locate credentials", "NoCredentialProviders",
	"ExpiredToken", "InvalidClientTokenId", "SignatureDoesNotMatch", "Token has expired",
	"SSO session", "Error loading SSO Token", "Error when retrieving token from sso",
	"UnauthorizedSSOTokenError", "The config profile"}

func (s *session) stage(format string, args ...any) {
	fmt.Fprintf(s.w, "== "+format+"\n", args...)
}

// profileOf names the profile to sign in with: one of the account, when
// the spec names one.
func profileOf(account string) string {
	if account == "" {
		return "the profile you deploy with"
	}
	return "a profile of account " + account
}

func withoutVar(env []string, name string) []string {
	out := make([]string, 0, len(env))
	for _, kv := range env {
		if !strings.HasPrefix(kv, name+"=") {
			out = append(out, kv)
		}
	}
	return out
}
