package stack

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// alarmSource is the ARN pattern of the prod environment's alarms.
var alarmSource = map[string]any{"Fn::Sub": "arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:pipeline-*-prod"}

func TestAlertsTopicIsEncryptedAndTagged(t *testing.T) {
	tm := build(t, "prod")
	topic := tm.props(AlertsTopic)
	assert.Equal(t, "pipeline-alerts-prod", topic["TopicName"])
	assert.Equal(t, getAtt(DataKey, "Arn"), topic["KmsMasterKeyId"])
	assert.ElementsMatch(t, []any{
		map[string]any{"Key": "DataClassification", "Value": "restricted"},
		map[string]any{"Key": "Environment", "Value": "prod"},
		map[string]any{"Key": "Owner", "Value": "data-platform@example.com"},
	}, topic["Tags"])
}

func TestAlertsTopicPolicy(t *testing.T) {
	tm := build(t, "prod")
	p := tm.props(AlertsTopicPolicy)
	assert.Equal(t, []any{ref(AlertsTopic)}, p["Topics"])
	stmts := statements(t, p["PolicyDocument"])
	require.Len(t, stmts, 2)
	topicARN := map[string]any{"Fn::Sub": "arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:pipeline-alerts-prod"}

	tests := []struct {
		sid       string
		effect    string
		principal any
		condition map[string]any
	}{
		{"DenyPublishingWithoutTLS", "Deny", "*",
			map[string]any{"Bool": map[string]any{"aws:SecureTransport": false}}},
		{"AlarmsPublish", "Allow", map[string]any{"Service": []any{"cloudwatch.amazonaws.com"}},
			map[string]any{
				"StringEquals": map[string]any{"aws:SourceAccount": ref("AWS::AccountId")},
				"ArnLike":      map[string]any{"aws:SourceArn": alarmSource},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.sid, func(t *testing.T) {
			s := bySid(t, stmts, tt.sid)
			assert.Equal(t, tt.effect, s["Effect"])
			assert.Equal(t, tt.principal, s["Principal"])
			assert.Equal(t, []any{"sns:Publish"}, s["Action"])
			assert.Equal(t, []any{topicARN}, s["Resource"])
			assert.Equal(t, tt.condition, s["Condition"])
		})
	}
}

func TestDataKeyLetsAlarmsPublishToTheEncryptedTopic(t *testing.T) {
	tm := build(t, "prod")
	s := bySid(t, statements(t, tm.props(DataKey)["KeyPolicy"]), "AlarmsPublishToEncryptedTopic")
	assert.Equal(t, "Allow", s["Effect"])
	assert.Equal(t, map[string]any{"Service": []any{"cloudwatch.amazonaws.com"}}, s["Principal"])
	assert.Equal(t, []any{"kms:Decrypt", "kms:GenerateDataKey"}, s["Action"])
	assert.Equal(t, map[string]any{
		"StringEquals": map[string]any{"aws:SourceAccount": ref("AWS::AccountId")},
		"ArnLike":      map[string]any{"aws:SourceArn": alarmSource},
	}, s["Condition"])
}

func TestAlarms(t *testing.T) {
	tests := []struct {
		id        string
		name      string
		namespace string
		metric    string
		statistic string
		dimension map[string]any
	}{
		{DeadLetterAlarm, "pipeline-ingest-dlq-messages-prod", "AWS/SQS", "ApproximateNumberOfMessagesVisible", "Maximum",
			map[string]any{"Name": "QueueName", "Value": getAtt(DeadLetterQueue, "QueueName")}},
		{ProcessorErrorsAlarm, "pipeline-processor-errors-prod", "AWS/Lambda", "Errors", "Sum",
			map[string]any{"Name": "FunctionName", "Value": ref(Processor)}},
		{ProcessorThrottlesAlarm, "pipeline-processor-throttles-prod", "AWS/Lambda", "Throttles", "Sum",
			map[string]any{"Name": "FunctionName", "Value": ref(Processor)}},
		{RotatorErrorsAlarm, "pipeline-secret-rotator-errors-prod", "AWS/Lambda", "Errors", "Sum",
			map[string]any{"Name": "FunctionName", "Value": ref(Rotator)}},
	}
	tm := build(t, "prod")
	require.Len(t, tm.ofType("AWS::CloudWatch::Alarm"), len(tests))
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			a := tm.props(tt.id)
			assert.Equal(t, tt.name, a["AlarmName"])
			assert.Equal(t, tt.namespace, a["Namespace"])
			assert.Equal(t, tt.metric, a["MetricName"])
			assert.Equal(t, tt.statistic, a["Statistic"])
			assert.Equal(t, []any{tt.dimension}, a["Dimensions"])
			assert.EqualValues(t, 300, a["Period"])
			assert.EqualValues(t, 1, a["EvaluationPeriods"])
			assert.EqualValues(t, 0, a["Threshold"])
			assert.Equal(t, "GreaterThanThreshold", a["ComparisonOperator"])
			assert.Equal(t, "notBreaching", a["TreatMissingData"])
			assert.Equal(t, []any{ref(AlertsTopic)}, a["AlarmActions"])
			assert.Equal(t, []any{ref(AlertsTopic)}, a["OKActions"])
			assert.Len(t, a["Tags"], 3)
		})
	}
}

func TestAlertEmailSubscription(t *testing.T) {
	tests := []struct {
		env   string
		email string
	}{
		{"dev", ""},
		{"prod", "oncall@example.com"},
	}
	for _, tt := range tests {
		t.Run(tt.env, func(t *testing.T) {
			tm := build(t, tt.env)
			if tt.email == "" {
				assert.Empty(t, tm.ofType("AWS::SNS::Subscription"))
				return
			}
			assert.Equal(t, []string{AlertsSubscription}, tm.ofType("AWS::SNS::Subscription"))
			s := tm.props(AlertsSubscription)
			assert.Equal(t, ref(AlertsTopic), s["TopicArn"])
			assert.Equal(t, "email", s["Protocol"])
			assert.Equal(t, tt.email, s["Endpoint"])
		})
	}
}
