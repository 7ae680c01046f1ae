package localdeploy

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
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
