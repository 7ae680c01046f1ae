package moto

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCLIEnv(t *testing.T) {
	parent := []string{"PATH=/bin", "HOME=/root", "AWS_PROFILE=prod", "AWS_ACCESS_KEY_ID=AKIAREAL",
		"AWS_SESSION_TOKEN=real", "AWS_ENDPOINT_URL=https://example.com"}

	env, err := CLIEnv(parent, t.TempDir(), "http://127.0.0.1:5000")
	require.NoError(t, err)

	for _, kv := range []string{"AWS_PROFILE=prod", "AWS_ACCESS_KEY_ID=AKIAREAL", "AWS_SESSION_TOKEN=real",
		"AWS_ENDPOINT_URL=https://example.com"} {
		assert.NotContains(t, env, kv)
	}
	for _, kv := range []string{"PATH=/bin", "HOME=/root", "AWS_ACCESS_KEY_ID=testing",
		"AWS_SECRET_ACCESS_KEY=testing", "AWS_DEFAULT_REGION=us-east-1",
		"AWS_ENDPOINT_URL=http://127.0.0.1:5000", "AWS_EC2_METADATA_DISABLED=true"} {
		assert.Contains(t, env, kv)
	}
	assert.True(t, slices.ContainsFunc(env, func(kv string) bool {
		return strings.HasPrefix(kv, "AWS_SHARED_CREDENTIALS_FILE=")
	}))
}
