package stack

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBucketsAreEncryptedVersionedAndPrivate(t *testing.T) {
	tm := build(t, "prod")
	tests := []struct {
		bucket, key, name string
	}{
		{InputBucket, DataKey, "pipeline-input-${AWS::AccountId}-prod"},
		{OutputBucket, DataKey, "pipeline-output-${AWS::AccountId}-prod"},
		{AuditBucket, LogsKey, "pipeline-audit-${AWS::AccountId}-prod"},
	}
	for _, tt := range tests {
		t.Run(tt.bucket, func(t *testing.T) {
			b := tm.props(tt.bucket)
			assert.Equal(t, map[string]any{"Fn::Sub": tt.name}, b["BucketName"])
			rule := b["BucketEncryption"].(map[string]any)["ServerSideEncryptionConfiguration"].([]any)[0].(map[string]any)
			assert.Equal(t, true, rule["BucketKeyEnabled"])
			assert.Equal(t, map[string]any{"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": getAtt(tt.key, "Arn")},
				rule["ServerSideEncryptionByDefault"])
			assert.Equal(t, map[string]any{"Status": "Enabled"}, b["VersioningConfiguration"])
			assert.Equal(t, map[string]any{
				"BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true,
			}, b["PublicAccessBlockConfiguration"])
			lc := b["LifecycleConfiguration"].(map[string]any)["Rules"].([]any)[0].(map[string]any)
			assert.EqualValues(t, 7, lc["AbortIncompleteMultipartUpload"].(map[string]any)["DaysAfterInitiation"])
		})
	}
}

func TestBucketPolicies(t *testing.T) {
	tm := build(t, "prod")
	tests := []struct {
		policy   string
		bucket   string
		wantSids []string
	}{
		{InputBucketPolicy, InputBucket, []string{"DenyRequestsWithoutTLS", "DenyUploadsWithoutKMS",
			"DenyUploadsUnderAnotherKey", VersionGuardSid}},
		{OutputBucketPolicy, OutputBucket, []string{"DenyRequestsWithoutTLS", "DenyUploadsWithoutKMS",
			"DenyUploadsUnderAnotherKey", VersionGuardSid}},
		{AuditBucketPolicy, AuditBucket, []string{"DenyRequestsWithoutTLS", "DenyUploadsWithoutKMS",
			"DenyUploadsUnderAnotherKey", VersionGuardSid, "CloudTrailChecksBucketAcl", "CloudTrailWritesLogFiles"}},
	}
	for _, tt := range tests {
		t.Run(tt.policy, func(t *testing.T) {
			p := tm.props(tt.policy)
			assert.Equal(t, ref(tt.bucket), p["Bucket"])
			stmts := statements(t, p["PolicyDocument"])
			var sids []string
			for _, s := range stmts {
				sids = append(sids, s["Sid"].(string))
			}
			assert.Equal(t, tt.wantSids, sids)
			tls := bySid(t, stmts, "DenyRequestsWithoutTLS")
			assert.Equal(t, "Deny", tls["Effect"])
			assert.Equal(t, map[string]any{"Bool": map[string]any{"aws:SecureTransport": false}}, tls["Condition"])

			guard := bySid(t, stmts, VersionGuardSid)
			assert.Equal(t, "Deny", guard["Effect"])
			assert.Equal(t, "*", guard["Principal"])
			assert.Equal(t, []any{"s3:DeleteObjectVersion", "s3:PutBucketVersioning"}, guard["Action"])
			assert.Len(t, guard["Resource"], 2, "the bucket and its objects")
			assert.Equal(t, map[string]any{"BoolIfExists": map[string]any{"aws:MultiFactorAuthPresent": false}},
				guard["Condition"])
		})
	}
	other := bySid(t, statements(t, tm.props(InputBucketPolicy)["PolicyDocument"]), "DenyUploadsUnderAnotherKey")
	assert.Equal(t, map[string]any{"StringNotEqualsIfExists": map[string]any{
		"s3:x-amz-server-side-encryption-aws-kms-key-id": getAtt(DataKey, "Arn"),
	}}, other["Condition"])
}

func TestInputNotifiesQueueWithDeadLetter(t *testing.T) {
	tm := build(t, "prod")
	in := tm.props(InputBucket)
	qc := in["NotificationConfiguration"].(map[string]any)["QueueConfigurations"].([]any)[0].(map[string]any)
	assert.Equal(t, "s3:ObjectCreated:*", qc["Event"])
	assert.Equal(t, getAtt(IngestQueue, "Arn"), qc["Queue"])
	assert.Equal(t, []string{IngestQueuePolicy}, tm.Resources[InputBucket].DependsOn)

	q := tm.props(IngestQueue)
	assert.Equal(t, getAtt(DataKey, "Arn"), q["KmsMasterKeyId"])
	assert.EqualValues(t, 720, q["VisibilityTimeout"], "six times the 120 s function timeout")
	assert.Equal(t, map[string]any{"deadLetterTargetArn": getAtt(DeadLetterQueue, "Arn"), "maxReceiveCount": 5.0}, q["RedrivePolicy"])
	assert.Equal(t, getAtt(DataKey, "Arn"), tm.props(DeadLetterQueue)["KmsMasterKeyId"])

	send := bySid(t, statements(t, tm.props(IngestQueuePolicy)["PolicyDocument"]), "InputBucketSendsNotifications")
	require.Contains(t, send["Condition"], "ArnEquals")
	assert.Contains(t, send["Condition"], "StringEquals")
}
