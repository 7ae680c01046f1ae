package stack

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/securepipe/securepipe/generator/spec"
)

func TestProcessorFunction(t *testing.T) {
	tm := build(t, "prod")
	fn := tm.props(Processor)
	assert.Equal(t, "pipeline-processor-prod", fn["FunctionName"])
	assert.Equal(t, "provided.al2023", fn["Runtime"])
	assert.Equal(t, []any{"arm64"}, fn["Architectures"])
	assert.Equal(t, "bootstrap", fn["Handler"])
	assert.Equal(t, map[string]any{"S3Bucket": ref(ParamArtifactBucket), "S3Key": ref(ParamArtifactKey)}, fn["Code"])
	assert.EqualValues(t, 2048, fn["MemorySize"])
	assert.EqualValues(t, 120, fn["Timeout"])
	assert.EqualValues(t, 20, fn["ReservedConcurrentExecutions"])
	assert.Equal(t, getAtt(DataKey, "Arn"), fn["KmsKeyArn"])
	assert.Equal(t, map[string]any{
		"SubnetIds":        []any{ref(Subnet(0)), ref(Subnet(1)), ref(Subnet(2))},
		"SecurityGroupIds": []any{getAtt(FunctionSecurityGroup, "GroupId")},
	}, fn["VpcConfig"])
	logging := fn["LoggingConfig"].(map[string]any)
	assert.Equal(t, "JSON", logging["LogFormat"])
	assert.Equal(t, ref(ProcessorLogGroup), logging["LogGroup"])

	esm := tm.props(ProcessorEventSource)
	assert.Equal(t, []any{"ReportBatchItemFailures"}, esm["FunctionResponseTypes"])
	assert.Equal(t, getAtt(IngestQueue, "Arn"), esm["EventSourceArn"])
}

func TestProcessorEnvironment(t *testing.T) {
	tm := build(t, "prod")
	vars := tm.props(Processor)["Environment"].(map[string]any)["Variables"].(map[string]any)
	assert.Equal(t, "prod", vars["ENVIRONMENT"])
	assert.Equal(t, map[string]any{"Fn::Sub": "pipeline-input-${AWS::AccountId}-prod"}, vars["INPUT_BUCKET"])
	assert.Equal(t, map[string]any{"Fn::Sub": "pipeline-output-${AWS::AccountId}-prod"}, vars["OUTPUT_BUCKET"])
	assert.Equal(t, getAtt(DataKey, "Arn"), vars["DATA_KEY_ARN"])
	assert.Equal(t, "arn:aws:secretsmanager:us-east-1:333333333333:secret:pipeline/prod/api-Ij56Kl", vars["SECRET_ARN"])

	var policy map[string]any
	require.NoError(t, json.Unmarshal([]byte(vars["FIELD_POLICY"].(string)), &policy))
	assert.Equal(t, map[string]any{
		"maxRecordBytes": 1048576.0,
		"datasets": []any{map[string]any{
			"name": "customers", "prefix": "customers/", "format": "jsonl", "required": []any{"id"},
			"fields": map[string]any{"id": "keep", "email": "pseudonymise", "name": "redact", "notes": "drop"},
		}},
	}, policy)
}

func TestLogGroupsAreEncryptedAndKept(t *testing.T) {
	tm := build(t, "prod")
	want := map[string]string{
		ProcessorLogGroup: "/aws/lambda/pipeline-processor-prod",
		FlowLogsLogGroup:  "/pipeline/vpc-flow-logs-prod",
		TrailLogGroup:     "/pipeline/audit-trail-prod",
		RotatorLogGroup:   "/aws/lambda/pipeline-secret-rotator-prod",
	}
	assert.ElementsMatch(t, []string{ProcessorLogGroup, FlowLogsLogGroup, TrailLogGroup, RotatorLogGroup},
		tm.ofType("AWS::Logs::LogGroup"))
	for id, name := range want {
		lg := tm.props(id)
		assert.Equal(t, name, lg["LogGroupName"])
		assert.Equal(t, getAtt(LogsKey, "Arn"), lg["KmsKeyId"])
		assert.EqualValues(t, 90, lg["RetentionInDays"])
	}
}

func TestEnvironmentOverLambdasLimitFails(t *testing.T) {
	s, err := spec.Load("testdata/spec.yaml")
	require.NoError(t, err)
	fields := map[string]string{}
	for i := range 150 {
		fields[fmt.Sprintf("a_rather_long_field_name_%03d", i)] = "pseudonymise"
	}
	s.Processing.Datasets[0].Fields = fields
	env, err := s.Env("dev")
	require.NoError(t, err)

	_, err = Build(s, env)

	require.Error(t, err)
	assert.Regexp(t, `^environment dev: testdata/spec.yaml:5: processing.datasets: the processor's environment would be \d+ bytes, over Lambda's 4096-byte limit`, err.Error())
}
