package ops

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pathTimeout bounds the whole path on moto: start, bootstrap, package,
// plan, deploy, rotate, destroy, stop.
const pathTimeout = 90 * time.Second

// TestWholePathOnMoto takes the dev environment from out/ to a running
// stack and back, with the real AWS CLI against moto on loopback, and
// checks through the API after each step what it should have done.
func TestWholePathOnMoto(t *testing.T) {
	requireMoto(t)
	ctx, cancel := context.WithTimeout(context.Background(), pathTimeout)
	defer cancel()
	var log bytes.Buffer
	defer func() { t.Log("\n" + log.String()) }()

	l := startLocal(ctx, t, "dev", &log)
	dist := t.TempDir()
	o := l.options(t, dist)

	step(t, &log, "bootstrap", Bootstrap(ctx, o, &log, &log))
	boot := l.stack(ctx, t, "pipeline-dev-bootstrap")
	assert.Equal(t, cfntypes.StackStatusCreateComplete, boot.StackStatus)
	assert.False(t, aws.ToBool(boot.EnableTerminationProtection), "dev is not protected")
	assert.Equal(t, map[string]string{"DataClassification": "internal", "Environment": "dev",
		"Owner": "data-platform@example.com"}, stackTags(boot))
	bucket, keyARN := l.physical(ctx, t, "pipeline-dev-bootstrap", "ArtifactBucket"), l.keyARN(ctx, t, "pipeline-dev-bootstrap", "ArtifactKmsKey")
	assert.Equal(t, "pipeline-artifacts-111111111111-dev", bucket)
	enc, err := l.c.s3.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: aws.String(bucket)})
	require.NoError(t, err)
	rule := enc.ServerSideEncryptionConfiguration.Rules[0].ApplyServerSideEncryptionByDefault
	assert.Equal(t, s3types.ServerSideEncryptionAwsKms, rule.SSEAlgorithm)
	assert.Equal(t, keyARN, aws.ToString(rule.KMSMasterKeyID))
	aliases, err := l.c.kms.ListAliases(ctx, &kms.ListAliasesInput{})
	require.NoError(t, err)
	assert.True(t, hasAlias(aliases, "alias/pipeline-artifacts-dev"))

	processor, rotator := writePackage(t, dist, "processor"), writePackage(t, dist, "rotator")
	step(t, &log, "package", Package(ctx, o, &log, &log))
	for _, p := range []functionPackage{processor, rotator} {
		head, err := l.c.s3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(p.S3Key)})
		require.NoError(t, err, p.S3Key)
		assert.Equal(t, s3types.ServerSideEncryptionAwsKms, head.ServerSideEncryption, p.S3Key)
		assert.Equal(t, keyARN, aws.ToString(head.SSEKMSKeyId), p.S3Key)
	}
	var rec deployRecord
	data, err := os.ReadFile(filepath.Join(dist, "dev.params.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &rec))
	assert.Equal(t, map[string]string{"ArtifactBucket": bucket, "ArtifactKey": processor.S3Key,
		"RotatorArtifactKey": rotator.S3Key}, rec.Parameters)

	step(t, &log, "plan", Plan(ctx, o, &log, &log))
	planned := l.stack(ctx, t, "pipeline-dev")
	assert.Equal(t, cfntypes.StackStatusReviewInProgress, planned.StackStatus, "a plan executes nothing")
	res, _ := l.c.stackResources(ctx, "pipeline-dev")
	assert.Empty(t, res, "a plan creates no resource")
	assert.Contains(t, log.String(), "nothing executed")

	step(t, &log, "deploy", Deploy(ctx, o, &log, &log))
	main := l.stack(ctx, t, "pipeline-dev")
	assert.Equal(t, cfntypes.StackStatusCreateComplete, main.StackStatus)
	assert.Equal(t, stackTags(boot), stackTags(main))
	assert.Equal(t, rotator.S3Key, parameter(main, "RotatorArtifactKey"))
	assert.Equal(t, processor.S3Key, parameter(main, "ArtifactKey"))
	fn, err := l.c.lambda.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("pipeline-secret-rotator-dev")})
	require.NoError(t, err)
	assert.Equal(t, "bootstrap", aws.ToString(fn.Configuration.Handler))

	step(t, &log, "plan", Plan(ctx, o, &log, &log))
	assert.Contains(t, log.String(), "no changes: stack pipeline-dev already matches")

	env, err := loadEnvironment(o)
	require.NoError(t, err)
	l.rotate(ctx, t, &log, rotatorEnvironment(t, env.Main))
	l.mfaDelete(ctx, t, o, &log)
	l.destroy(ctx, t, o, &log, bucket)
}

// step fails the test at the first step that fails.
func step(t *testing.T, log *bytes.Buffer, name string, err error) {
	t.Helper()
	require.NoError(t, err, "make %s failed; its output:\n%s", name, log.String())
}

func (l *local) stack(ctx context.Context, t *testing.T, name string) cfntypes.Stack {
	t.Helper()
	out, err := l.c.cfn.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String(name)})
	require.NoError(t, err)
	require.Len(t, out.Stacks, 1)
	return out.Stacks[0]
}

func stackTags(s cfntypes.Stack) map[string]string {
	out := map[string]string{}
	for _, t := range s.Tags {
		out[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return out
}

// physical returns the physical ID of a resource of a stack.
func (l *local) physical(ctx context.Context, t *testing.T, stack, id string) string {
	t.Helper()
	res, err := l.c.stackResources(ctx, stack)
	require.NoError(t, err)
	for _, r := range res {
		if r.LogicalID == id {
			return r.PhysicalID
		}
	}
	require.Failf(t, "no resource", "%s has no %s", stack, id)
	return ""
}

// keyARN returns the ARN of a key of a stack.
func (l *local) keyARN(ctx context.Context, t *testing.T, stack, id string) string {
	t.Helper()
	out, err := l.c.kms.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(l.physical(ctx, t, stack, id))})
	require.NoError(t, err)
	return aws.ToString(out.KeyMetadata.Arn)
}

func parameter(s cfntypes.Stack, key string) string {
	for _, p := range s.Parameters {
		if aws.ToString(p.ParameterKey) == key {
			return aws.ToString(p.ParameterValue)
		}
	}
	return ""
}

func hasAlias(out *kms.ListAliasesOutput, name string) bool {
	for _, a := range out.Aliases {
		if aws.ToString(a.AliasName) == name {
			return true
		}
	}
	return false
}
