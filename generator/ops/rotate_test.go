package ops

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/securepipe/securepipe/generator/moto"
)

// rotate asks Secrets Manager to rotate the secret once with the deployed
// rotator, as the schedule would. moto cannot run the rotator, so the test
// shows what moto does instead and names the gap.
func (l *local) rotate(ctx context.Context, t *testing.T, log *bytes.Buffer) {
	t.Helper()
	fmt.Fprintln(log, "== rotating the secret once")
	before, err := l.c.secrets.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(l.secret)})
	require.NoError(t, err)
	fn := "arn:aws:lambda:us-east-1:" + l.account + ":function:pipeline-secret-rotator-dev"
	args := []string{"secretsmanager", "rotate-secret", "--secret-id", l.secret, "--rotation-lambda-arn", fn,
		"--rotation-rules", "AutomaticallyAfterDays=30", "--region", "us-east-1", "--endpoint-url", l.endpoint}
	fmt.Fprintf(log, "   $ aws %s\n", joinArgs(args))
	cmd := exec.CommandContext(ctx, awsTool, args...)
	cmd.Env = l.env
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)

	// What moto did instead of the rotator: the version that was current
	// keeps its value, and AWSCURRENT now names a version without one.
	previous, err := l.c.secrets.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{
		SecretId: aws.String(l.secret), VersionId: before.VersionId})
	require.NoError(t, err)
	assert.Equal(t, aws.ToString(before.SecretString), aws.ToString(previous.SecretString))
	_, err = l.c.secrets.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(l.secret)})
	assert.ErrorContains(t, err, "can't find the specified secret value", "no rotator ran to write the new value")
	fmt.Fprintf(log, "   not proven here: %s\n", moto.GapRotation)
}

func joinArgs(args []string) string {
	var b bytes.Buffer
	for i, a := range quoteArgs(args) {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(a)
	}
	return b.String()
}
