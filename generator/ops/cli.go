package ops

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os/exec"
	"strings"
	"time"
)

// awsTool is the command every operation runs.
const awsTool = "aws"

// ErrToolMissing is wrapped by the error of a run that found no AWS CLI.
var ErrToolMissing = errors.New("tool missing")

// cli runs the AWS CLI in one region, against one endpoint when set.
type cli struct {
	bin      string
	region   string
	endpoint string
	env      []string
	w        io.Writer
	log      *slog.Logger
}

// findCLI finds the AWS CLI on the PATH of env.
func findCLI(env []string) (string, error) {
	path := ""
	for _, kv := range env {
		if p, ok := strings.CutPrefix(kv, "PATH="); ok {
			path = p
		}
	}
	for _, dir := range strings.Split(path, ":") {
		if dir == "" {
			continue
		}
		if p, err := exec.LookPath(dir + "/" + awsTool); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("find %s: %w: the AWS CLI is not on PATH.\n"+
		"Install AWS CLI v2 (https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html), "+
		"or v1 with: pip install awscli", awsTool, ErrToolMissing)
}

// cliError is a failed AWS CLI call and what it printed on stderr.
type cliError struct {
	args   []string
	err    error
	stderr string
}

func (e *cliError) Error() string {
	return fmt.Sprintf("aws %s: %v: %s", strings.Join(e.args[:min(2, len(e.args))], " "), e.err, e.stderr)
}

func (e *cliError) Unwrap() error { return e.err }

// says reports whether a failed call's message contains any of texts.
func says(err error, texts ...string) bool {
	var ce *cliError
	if !errors.As(err, &ce) {
		return false
	}
	for _, t := range texts {
		if strings.Contains(ce.stderr, t) {
			return true
		}
	}
	return false
}

func (c *cli) args(a []string) []string {
	out := append(append([]string{}, a...), "--region", c.region, "--output", "json")
	if c.endpoint != "" {
		out = append(out, "--endpoint-url", c.endpoint)
	}
	return out
}

// run runs a call that changes something, showing it as a user would type
// it, and returns its standard output.
func (c *cli) run(ctx context.Context, a ...string) ([]byte, error) {
	fmt.Fprintf(c.w, "   $ aws %s\n", strings.Join(quoteArgs(c.args(a)), " "))
	return c.call(ctx, a)
}

// query runs a call that only reads.
func (c *cli) query(ctx context.Context, v any, a ...string) error {
	out, err := c.call(ctx, a)
	if err != nil {
		return err
	}
	if v == nil || len(bytes.TrimSpace(out)) == 0 {
		return nil
	}
	if err := json.Unmarshal(out, v); err != nil {
		return fmt.Errorf("aws %s %s: read its output: %w", a[0], a[1], err)
	}
	return nil
}

func (c *cli) call(ctx context.Context, a []string) ([]byte, error) {
	args := c.args(a)
	cmd := exec.CommandContext(ctx, c.bin, args...)
	cmd.Env = c.env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	began := time.Now()
	err := cmd.Run()
	c.log.Debug("aws", "args", strings.Join(args, " "), "took", time.Since(began).Round(time.Millisecond),
		"stdout", stdout.String(), "stderr", stderr.String())
	if err != nil {
		return stdout.Bytes(), &cliError{args: a, err: err, stderr: strings.TrimSpace(stderr.String())}
	}
	return stdout.Bytes(), nil
}

// quoteArgs quotes the arguments a shell would split.
func quoteArgs(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		if a == "" || strings.ContainsAny(a, " \t'\"$") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		out[i] = a
	}
	return out
}
