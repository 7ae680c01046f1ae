package stack

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestTrail(t *testing.T) {
	tm := build(t, "prod")
	tr := tm.props(Trail)
	assert.Equal(t, "pipeline-audit-prod", tr["TrailName"])
	assert.Equal(t, true, tr["IsLogging"])
	assert.Equal(t, true, tr["EnableLogFileValidation"])
	assert.Equal(t, getAtt(LogsKey, "Arn"), tr["KMSKeyId"])
	assert.Equal(t, ref(AuditBucket), tr["S3BucketName"])
	assert.Equal(t, getAtt(TrailLogGroup, "Arn"), tr["CloudWatchLogsLogGroupArn"])
	assert.Equal(t, getAtt(TrailLogsRole, "Arn"), tr["CloudWatchLogsRoleArn"])
	assert.Equal(t, []string{AuditBucketPolicy}, tm.Resources[Trail].DependsOn)

	sel := tr["EventSelectors"].([]any)[0].(map[string]any)
	assert.Equal(t, true, sel["IncludeManagementEvents"])
	assert.Equal(t, "All", sel["ReadWriteType"])
	assert.Equal(t, []any{
		map[string]any{"Type": "AWS::S3::Object", "Values": []any{
			map[string]any{"Fn::Sub": "arn:${AWS::Partition}:s3:::pipeline-input-${AWS::AccountId}-prod/"},
			map[string]any{"Fn::Sub": "arn:${AWS::Partition}:s3:::pipeline-output-${AWS::AccountId}-prod/"},
			map[string]any{"Fn::Sub": "arn:${AWS::Partition}:s3:::${ArtifactBucket}/"},
		}},
		map[string]any{"Type": "AWS::Lambda::Function", "Values": []any{
			map[string]any{"Fn::Sub": "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:pipeline-processor-prod"},
			map[string]any{"Fn::Sub": "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:pipeline-secret-rotator-prod"},
		}},
	}, sel["DataResources"])
}
