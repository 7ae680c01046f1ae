package stack

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// buildBootstrap renders the bootstrap template of environment name of
// testdata/spec.yaml.
func buildBootstrap(t *testing.T, name string) *template {
	t.Helper()
	return buildWith(t, name, BuildBootstrap)
}

func TestBootstrapHoldsTheArtifactBucketAndItsKey(t *testing.T) {
	tm := buildBootstrap(t, "prod")
	assert.ElementsMatch(t, []string{ArtifactBucket, ArtifactBucketPolicy, ArtifactKMSKey, ArtifactKMSKeyAlias},
		tm.ids())

	b := tm.props(ArtifactBucket)
	assert.Equal(t, map[string]any{"Fn::Sub": "pipeline-artifacts-${AWS::AccountId}-prod"}, b["BucketName"])
	rule := b["BucketEncryption"].(map[string]any)["ServerSideEncryptionConfiguration"].([]any)[0].(map[string]any)
	assert.Equal(t, map[string]any{"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": getAtt(ArtifactKMSKey, "Arn")},
		rule["ServerSideEncryptionByDefault"])
	assert.Equal(t, map[string]any{"Status": "Enabled"}, b["VersioningConfiguration"])
	assert.Len(t, b["PublicAccessBlockConfiguration"], 4)

	k := tm.props(ArtifactKMSKey)
	assert.Equal(t, true, k["EnableKeyRotation"])
	assert.EqualValues(t, 90, k["RotationPeriodInDays"])
	assert.Equal(t, "alias/pipeline-artifacts-prod", tm.props(ArtifactKMSKeyAlias)["AliasName"])

	var sids []string
	for _, s := range statements(t, tm.props(ArtifactBucketPolicy)["PolicyDocument"]) {
		sids = append(sids, s["Sid"].(string))
	}
	assert.Equal(t, []string{"DenyRequestsWithoutTLS", "DenyUploadsWithoutKMS", "DenyUploadsUnderAnotherKey"}, sids)
}

func TestBootstrapSharesTagsPoliciesAndRules(t *testing.T) {
	boot, main := buildBootstrap(t, "prod"), build(t, "prod")
	assert.Equal(t, main.Rules, boot.Rules, "the same guard rails")
	for id, r := range boot.Resources {
		assert.Equal(t, "Delete", r.DeletionPolicy, id)
		assert.Equal(t, "Delete", r.UpdateReplacePolicy, id)
		if untaggable[r.Type] {
			continue
		}
		assert.Equal(t, main.props(DataKey)["Tags"], r.Properties["Tags"], id)
	}
	for id, o := range boot.Outputs {
		assert.Equal(t, "pipeline-"+id+"-prod", o.(map[string]any)["Export"].(map[string]any)["Name"])
	}
	assert.Contains(t, boot.Outputs, OutputArtifactBucket)
	assert.Contains(t, boot.Outputs, OutputArtifactKey)
}

func TestDeployMetadata(t *testing.T) {
	tests := []struct {
		name      string
		tm        *template
		stack     string
		account   any
		protected bool
		caps      []any
	}{
		{"dev", build(t, "dev"), "pipeline-dev", nil, false, []any{"CAPABILITY_NAMED_IAM"}},
		{"prod", build(t, "prod"), "pipeline-prod", "333333333333", true, []any{"CAPABILITY_NAMED_IAM"}},
		{"prod bootstrap", buildBootstrap(t, "prod"), "pipeline-prod-bootstrap", "333333333333", true, []any{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := tt.tm.Metadata["Deploy"].(map[string]any)
			assert.Equal(t, tt.stack, d["StackName"])
			assert.Equal(t, "us-east-1", d["Region"])
			assert.Equal(t, tt.account, d["AccountId"])
			assert.Equal(t, tt.protected, d["TerminationProtection"])
			assert.Equal(t, tt.caps, d["Capabilities"])
			assert.Len(t, d["Tags"], 3)
		})
	}
}
