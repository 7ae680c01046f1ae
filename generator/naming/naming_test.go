package naming

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOf(t *testing.T) {
	n := Names{Project: "pipeline", Suffix: "prod"}
	tests := []struct {
		kind Kind
		want string
	}{
		{InputBucket, "pipeline-input-${AWS::AccountId}-prod"},
		{ProcessorFunction, "pipeline-processor-prod"},
		{ProcessorLogGroup, "/aws/lambda/pipeline-processor-prod"},
		{DataKeyAlias, "alias/pipeline-data-prod"},
		{DeadLetterQueue, "pipeline-ingest-dlq-prod"},
		{RotatorFunction, "pipeline-secret-rotator-prod"},
		{RotatorLogGroup, "/aws/lambda/pipeline-secret-rotator-prod"},
		{ArtifactBucket, "pipeline-artifacts-${AWS::AccountId}-prod"},
		{ArtifactKeyAlias, "alias/pipeline-artifacts-prod"},
		{AlertsTopic, "pipeline-alerts-prod"},
		{DeadLetterAlarm, "pipeline-ingest-dlq-messages-prod"},
		{ProcessorErrorsAlarm, "pipeline-processor-errors-prod"},
		{ProcessorThrottlesAlarm, "pipeline-processor-throttles-prod"},
		{RotatorErrorsAlarm, "pipeline-secret-rotator-errors-prod"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, n.Of(tt.kind))
	}
	assert.Equal(t, "pipeline-DataKeyArn-prod", n.Export("DataKeyArn"))
	assert.Equal(t, "pipeline-prod", n.Stack())
	assert.Equal(t, "pipeline-prod-bootstrap", n.BootstrapStack())
}

func TestEveryNameEndsWithSuffix(t *testing.T) {
	n := Names{Project: "pipeline", Suffix: "review-42"}
	for k := Kind(0); k < kindCount; k++ {
		assert.True(t, strings.HasSuffix(n.Of(k), "-review-42"), n.Of(k))
	}
}

func TestEveryAlarmMatchesAlarmPattern(t *testing.T) {
	n := Names{Project: "pipeline", Suffix: "prod"}
	assert.Equal(t, "pipeline-*-prod", n.AlarmPattern())
	for _, k := range []Kind{DeadLetterAlarm, ProcessorErrorsAlarm, ProcessorThrottlesAlarm, RotatorErrorsAlarm} {
		name := n.Of(k)
		assert.True(t, strings.HasPrefix(name, "pipeline-") && strings.HasSuffix(name, "-prod"), name)
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name   string
		names  Names
		errors []string
	}{
		{"short suffix fits", Names{"pipeline", "prod"}, nil},
		{"longest suffix that fits every bucket", Names{"pipeline", strings.Repeat("a", 31)}, nil},
		{"one character too long", Names{"pipeline", strings.Repeat("a", 32)}, []string{
			`S3 bucket name "pipeline-artifacts-000000000000-` + strings.Repeat("a", 32) + `" is 64 characters, over the limit of 63`,
		}},
		{"S3's reserved endings", Names{"pipeline", "s3alias"}, []string{
			`S3 bucket name "pipeline-input-000000000000-s3alias" ends in -s3alias`,
			`S3 bucket name "pipeline-output-000000000000-s3alias" ends in -s3alias`,
			`S3 bucket name "pipeline-audit-000000000000-s3alias" ends in -s3alias`,
			`S3 bucket name "pipeline-artifacts-000000000000-s3alias" ends in -s3alias`,
		}},
		{"uppercase is rejected by S3", Names{"pipeline", "Prod"}, []string{
			`S3 bucket name "pipeline-input-000000000000-Prod" has characters the service rejects`,
			`S3 bucket name "pipeline-output-000000000000-Prod" has characters the service rejects`,
			`S3 bucket name "pipeline-audit-000000000000-Prod" has characters the service rejects`,
			`S3 bucket name "pipeline-artifacts-000000000000-Prod" has characters the service rejects`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := tt.names.Check()
			require.Len(t, errs, len(tt.errors))
			for i, want := range tt.errors {
				assert.Contains(t, errs[i].Error(), want)
			}
		})
	}
}
