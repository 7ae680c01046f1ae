package localdeploy

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os/exec"
	"strings"
)

// maxInlineTemplate is the largest template, in bytes, that
// `aws cloudformation deploy` sends inline; a larger one must go through
// --s3-bucket.
const maxInlineTemplate = 51200

// rotatorArtifactKeyParam is the template parameter naming the secret
// rotator's package.
const rotatorArtifactKeyParam = "RotatorArtifactKey"

// deployment is one `aws cloudformation deploy` run.
type deployment struct {
	TemplateFile   string
	StackName      string
	ArtifactBucket string
	ArtifactKey    string
	// RotatorArtifactKey is set when the template asks for the secret
	// rotator's package.
	RotatorArtifactKey string
	Endpoint           string
	// UploadBucket is set when the template is too large to send inline.
	UploadBucket string
}

// args are the CLI arguments, the same a user passes against AWS plus
// --endpoint-url.
func (d deployment) args() []string {
	args := []string{"cloudformation", "deploy",
		"--template-file", d.TemplateFile,
		"--stack-name", d.StackName,
		"--parameter-overrides",
		"ArtifactBucket=" + d.ArtifactBucket,
		"ArtifactKey=" + d.ArtifactKey,
	}
	if d.RotatorArtifactKey != "" {
		args = append(args, "RotatorArtifactKey="+d.RotatorArtifactKey)
	}
	args = append(args,
		"--capabilities", "CAPABILITY_NAMED_IAM",
		"--region", region,
		"--no-fail-on-empty-changeset",
		"--endpoint-url", d.Endpoint,
	)
	if d.UploadBucket != "" {
		args = append(args, "--s3-bucket", d.UploadBucket, "--s3-prefix", "templates")
	}

	return args
}

// needsUpload reports whether a template of the given sizes must go
// through --s3-bucket: the original decides for a user, the copy for moto.
func needsUpload(originalSize, copySize int) bool {
	return originalSize > maxInlineTemplate || copySize > maxInlineTemplate
}

// runDeploy runs the AWS CLI and returns its combined output in the error
// when it fails.
func runDeploy(ctx context.Context, bin string, d deployment, env []string, log *slog.Logger) error {
	cmd := exec.CommandContext(ctx, bin, d.args()...)
	cmd.Env = env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	log.Debug("run", "cmd", awsTool+" "+strings.Join(d.args(), " "))

	err := cmd.Run()
	log.Debug("aws output", "text", out.String())
	if err != nil {
		return fmt.Errorf("run aws cloudformation deploy: %w; its output:\n%s",
			err, indent(out.String()))
	}

	return nil
}

// printCommand shows the deploy command the way a user would type it.
func printCommand(w io.Writer, d deployment) {
	fmt.Fprintf(w, "   $ aws %s\n", strings.Join(d.args(), " "))
}

func indent(s string) string {
	s = strings.TrimRight(s, "\n")
	return "  " + strings.ReplaceAll(s, "\n", "\n  ")
}
