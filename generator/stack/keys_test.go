package stack

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestKeysRotateAndHaveAliases(t *testing.T) {
	tm := build(t, "prod")
	tests := []struct{ key, alias, name string }{
		{DataKey, DataKeyAlias, "alias/pipeline-data-prod"},
		{LogsKey, LogsKeyAlias, "alias/pipeline-logs-prod"},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			k := tm.props(tt.key)
			assert.Equal(t, true, k["EnableKeyRotation"])
			assert.EqualValues(t, 90, k["RotationPeriodInDays"])
			assert.Equal(t, "SYMMETRIC_DEFAULT", k["KeySpec"])
			assert.EqualValues(t, 7, k["PendingWindowInDays"])
			a := tm.props(tt.alias)
			assert.Equal(t, tt.name, a["AliasName"])
			assert.Equal(t, ref(tt.key), a["TargetKeyId"])

			admin := bySid(t, statements(t, k["KeyPolicy"]), "AccountAdministersKey")
			assert.Contains(t, admin["Action"], "kms:PutKeyPolicy", "the account is never locked out")
			assert.Contains(t, admin["Action"], "kms:ScheduleKeyDeletion")
			for _, a := range admin["Action"].([]any) {
				assert.NotContains(t, a, "*")
			}
		})
	}
}

func TestKeyPoliciesScopeServices(t *testing.T) {
	tm := build(t, "prod")
	logs := statements(t, tm.props(LogsKey)["KeyPolicy"])
	cw := bySid(t, logs, "CloudWatchLogsEncryptsThisEnvironmentsGroups")
	groups := cw["Condition"].(map[string]any)["ArnEquals"].(map[string]any)["kms:EncryptionContext:aws:logs:arn"]
	assert.Len(t, groups, 4, "one encryption context per log group of this environment")
	for _, g := range groups.([]any) {
		assert.Contains(t, g.(map[string]any)["Fn::Sub"], "-prod")
	}
	trail := bySid(t, logs, "CloudTrailEncryptsThisEnvironmentsTrail")
	assert.Contains(t, trail["Condition"], "StringLike")
	assert.Contains(t, trail["Condition"], "StringEquals")

	data := statements(t, tm.props(DataKey)["KeyPolicy"])
	s3 := bySid(t, data, "S3SendsEncryptedNotifications")
	assert.Equal(t, map[string]any{"Service": []any{"s3.amazonaws.com"}}, s3["Principal"])
	assert.Equal(t, map[string]any{"Fn::Sub": "arn:${AWS::Partition}:s3:::pipeline-input-${AWS::AccountId}-prod"},
		s3["Condition"].(map[string]any)["ArnEquals"].(map[string]any)["aws:SourceArn"])
}
