package ops

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/securepipe/securepipe/generator/moto"
)

// mfaDelete turns MFA delete on as far as moto lets it be tried.
func (l *local) mfaDelete(ctx context.Context, t *testing.T, o Options, log *bytes.Buffer) {
	t.Helper()
	o.MFA = "not a device"
	err := MFADelete(ctx, o, log, log)
	require.ErrorContains(t, err, `give the root user's MFA device ARN and a current code`)

	o.MFA = "arn:aws:iam::" + l.account + ":mfa/root-account-mfa-device 123456"
	err = MFADelete(ctx, o, log, log)
	require.ErrorIs(t, err, ErrMFADeleteNeedsRoot, "moto signs in as a user, and only the root user may")
	fmt.Fprintf(log, "   refused as expected: %v\n", err)

	o.assumeRoot = true
	err = MFADelete(ctx, o, log, log)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `reports versioning "Enabled" and MFA delete ""`,
		"moto takes the change but cannot report it")
	fmt.Fprintf(log, "   not proven here: %s\n", moto.GapMFADelete)
}

// putVersions leaves two versions and a delete marker of one key in bucket.
func (l *local) putVersions(ctx context.Context, t *testing.T, bucket string) {
	t.Helper()
	for _, body := range []string{"first", "second"} {
		_, err := l.c.s3.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String("customers/a.jsonl"),
			Body: strings.NewReader(body)})
		require.NoError(t, err)
	}
	_, err := l.c.s3.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: aws.String("customers/a.jsonl")})
	require.NoError(t, err)
}

// destroy takes the environment down and checks through the API that
// nothing of it is left but its keys, pending deletion.
func (l *local) destroy(ctx context.Context, t *testing.T, o Options, log *bytes.Buffer, artifacts string) {
	t.Helper()
	input := l.physical(ctx, t, "pipeline-dev", "InputBucket")
	output := l.physical(ctx, t, "pipeline-dev", "OutputBucket")
	l.putVersions(ctx, t, input)
	l.putVersions(ctx, t, output)
	_, err := l.c.s3.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: aws.String(input)})
	require.NoError(t, err, "the MFA guard is on the input bucket")
	var keys []string
	for _, stack := range []string{"pipeline-dev", "pipeline-dev-bootstrap"} {
		res, err := l.c.stackResources(ctx, stack)
		require.NoError(t, err)
		for _, r := range res {
			if r.Type == "AWS::KMS::Key" {
				keys = append(keys, r.PhysicalID)
			}
		}
	}
	require.Len(t, keys, 3, "the data, logs and artifact keys")

	step(t, log, "destroy", Destroy(ctx, o, log, log))
	assert.Contains(t, log.String(), "removed the bucket policy of "+input+": its statement DenyVersionDeletionWithoutMFA")
	assert.Contains(t, log.String(), "emptied "+input+": 2 object version(s) and 1 delete marker(s) deleted")
	for _, stack := range []string{"pipeline-dev", "pipeline-dev-bootstrap"} {
		_, err := l.c.cfn.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String(stack)})
		assert.ErrorContains(t, err, "does not exist", "stack %s is gone", stack)
	}
	for _, b := range []string{input, output, artifacts} {
		_, err := l.c.s3.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(b)})
		assert.Error(t, err, "bucket %s is gone", b)
	}
	for _, k := range keys {
		_, err := l.c.kms.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(k)})
		assert.ErrorContains(t, err, "does not exist", "moto deletes key %s at once", k)
		assert.Contains(t, log.String(), "("+k+") no longer exists")
	}
	fmt.Fprintf(log, "   not proven here: %s\n", moto.GapKeyDeletion)
	assert.Contains(t, log.String(), "stays: it was never the stack's")
}
