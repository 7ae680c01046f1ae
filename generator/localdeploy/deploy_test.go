package localdeploy

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDeploymentArgs(t *testing.T) {
	base := deployment{TemplateFile: "/tmp/x/dev.json", StackName: "securepipe-dev",
		ArtifactBucket: "artifacts", ArtifactKey: "function/ab.zip", Endpoint: "http://127.0.0.1:5000"}
	large := base
	large.UploadBucket = "artifacts"

	tests := []struct {
		name string
		d    deployment
		want string
	}{
		{name: "inline", d: base, want: "cloudformation deploy --template-file /tmp/x/dev.json " +
			"--stack-name securepipe-dev --parameter-overrides ArtifactBucket=artifacts " +
			"ArtifactKey=function/ab.zip --capabilities CAPABILITY_NAMED_IAM --region us-east-1 " +
			"--no-fail-on-empty-changeset --endpoint-url http://127.0.0.1:5000"},
		{name: "through S3", d: large, want: "cloudformation deploy --template-file /tmp/x/dev.json " +
			"--stack-name securepipe-dev --parameter-overrides ArtifactBucket=artifacts " +
			"ArtifactKey=function/ab.zip --capabilities CAPABILITY_NAMED_IAM --region us-east-1 " +
			"--no-fail-on-empty-changeset --endpoint-url http://127.0.0.1:5000 " +
			"--s3-bucket artifacts --s3-prefix templates"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, strings.Join(tt.d.args(), " "))
		})
	}
}

func TestNeedsUpload(t *testing.T) {
	tests := []struct {
		name           string
		original, copy int
		want           bool
	}{
		{"both small", 30000, 31000, false},
		{"at the limit", maxInlineTemplate, maxInlineTemplate, false},
		{"original over", maxInlineTemplate + 1, 50000, true},
		{"copy over", 51000, maxInlineTemplate + 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, needsUpload(tt.original, tt.copy))
		})
	}
}

func TestAWSCLIEnv(t *testing.T) {
	parent := []string{"PATH=/bin", "HOME=/root", "AWS_PROFILE=prod", "AWS_ACCESS_KEY_ID=AKIAREAL",
		"AWS_SESSION_TOKEN=real", "AWS_ENDPOINT_URL=https://example.com"}

	env, err := awsCLIEnv(parent, t.TempDir(), "http://127.0.0.1:5000")
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
