package ops

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log/slog"
	"os/exec"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/securepipe/securepipe/generator/moto"
	"github.com/securepipe/securepipe/lambda/rotation"
)

// rotate rotates the secret once with the rotator's own code, configured
// as the template configures the deployed function: moto cannot run the
// function, so its handler runs each step in-process against moto's
// Secrets Manager, as Secrets Manager would invoke it.
func (l *local) rotate(ctx context.Context, t *testing.T, log *bytes.Buffer, env map[string]string) {
	t.Helper()
	fmt.Fprintln(log, "== rotating the secret once")
	before := l.secretValue(ctx, t, "AWSCURRENT")
	token := l.stageRotation(ctx, t, log)

	cfg, err := rotation.ConfigFromEnv(func(k string) string { return env[k] })
	require.NoError(t, err, "the rotator reads the environment the template gives it")
	handler := rotation.NewHandler(rotation.New(l.c.secrets, cfg.SecretARN, cfg.KeyField),
		slog.New(slog.NewJSONHandler(log, nil)))
	for _, step := range []string{"createSecret", "setSecret", "testSecret", "finishSecret"} {
		err := handler.Handle(ctx, rotation.Event{Step: step, SecretID: l.secret, ClientRequestToken: token})
		require.NoError(t, err, "step %s", step)
	}

	after := l.secretValue(ctx, t, "AWSCURRENT")
	assert.Equal(t, before, l.secretValue(ctx, t, "AWSPREVIOUS"), "the old key stays readable")
	var was, is map[string]string
	require.NoError(t, json.Unmarshal([]byte(before), &was))
	require.NoError(t, json.Unmarshal([]byte(after), &is))
	assert.NotEqual(t, was[cfg.KeyField], is[cfg.KeyField], "a new key")
	key, err := base64.StdEncoding.DecodeString(is[cfg.KeyField])
	require.NoError(t, err)
	assert.GreaterOrEqual(t, len(key), 32)
	fmt.Fprintf(log, "   rotated: version %s is AWSCURRENT with a new %d-byte key; the old one is AWSPREVIOUS\n",
		token, len(key))
	fmt.Fprintf(log, "   not proven here: %s\n", moto.GapRotation)
}

// stageRotation starts a rotation as Secrets Manager does before it invokes
// a rotator, and returns the pending version's token.
func (l *local) stageRotation(ctx context.Context, t *testing.T, log *bytes.Buffer) string {
	t.Helper()
	absent := "arn:aws:lambda:us-east-1:" + l.account + ":function:not-deployed-stand-in"
	args := []string{"secretsmanager", "rotate-secret", "--secret-id", l.secret, "--rotation-lambda-arn", absent,
		"--rotation-rules", "AutomaticallyAfterDays=30", "--region", "us-east-1", "--endpoint-url", l.endpoint}
	cmd := exec.CommandContext(ctx, awsTool, args...)
	cmd.Env = l.env
	out, err := cmd.CombinedOutput()
	require.Error(t, err, "moto finds no such function")
	require.Contains(t, string(out), "Resource not found for ARN", "%s", out)

	desc, err := l.c.secrets.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: aws.String(l.secret)})
	require.NoError(t, err)
	require.True(t, aws.ToBool(desc.RotationEnabled))
	for version, stages := range desc.VersionIdsToStages {
		for _, s := range stages {
			if s == "AWSPENDING" {
				moto.AnnounceRotationStaging(log, version)
				return version
			}
		}
	}
	require.Fail(t, "no AWSPENDING version staged")
	return ""
}

func (l *local) secretValue(ctx context.Context, t *testing.T, stage string) string {
	t.Helper()
	out, err := l.c.secrets.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{
		SecretId: aws.String(l.secret), VersionStage: aws.String(stage)})
	require.NoError(t, err, stage)
	return aws.ToString(out.SecretString)
}

// rotatorEnvironment reads the rotator's environment from the generated
// template, as the deployed function gets it.
func rotatorEnvironment(t *testing.T, g generated) map[string]string {
	t.Helper()
	fn := g.doc["Resources"].(map[string]any)["SecretRotatorFunction"].(map[string]any)
	vars := fn["Properties"].(map[string]any)["Environment"].(map[string]any)["Variables"].(map[string]any)
	out := map[string]string{}
	for k, v := range vars {
		s, ok := v.(string)
		require.True(t, ok, "%s is a literal", k)
		out[k] = s
	}
	return out
}
