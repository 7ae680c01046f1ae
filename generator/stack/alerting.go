package stack

import (
	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/cloudwatch"
	"github.com/awslabs/goformation/v7/cloudformation/sns"

	"github.com/securepipe/securepipe/generator/cfn"
	"github.com/securepipe/securepipe/generator/naming"
)

// alarmPeriod is the length, in seconds, of the window each alarm judges.
const alarmPeriod = 300

// alarm is one condition the operators are told about.
type alarm struct {
	id          string
	name        naming.Kind
	description string
	namespace   string
	metric      string
	statistic   string
	dimension   string // the metric's one dimension
	value       string // and its value
}

// alerting tells the operators when the pipeline stops doing its job
// (SOC 2 CC7.2): alarms on the dead-letter queue and on the functions'
// errors and throttles notify an encrypted topic, to which alertEmail, when
// set, is subscribed.
func (b *builder) alerting() {
	b.alertsTopic()
	for _, a := range b.alarms() {
		b.alarm(a)
	}
	if b.env.AlertEmail != "" {
		b.doc.Add(AlertsSubscription, &sns.Subscription{
			TopicArn: cloudformation.Ref(AlertsTopic),
			Protocol: "email",
			Endpoint: cloudformation.String(b.env.AlertEmail),
		})
	}
}

func (b *builder) alarms() []alarm {
	processor := cloudformation.Ref(Processor)
	return []alarm{
		{DeadLetterAlarm, naming.DeadLetterAlarm,
			"Messages reached the dead-letter queue: objects failed processing " +
				"after every retry; inspect and redrive them",
			"AWS/SQS", "ApproximateNumberOfMessagesVisible", "Maximum",
			"QueueName", cloudformation.GetAtt(DeadLetterQueue, "QueueName")},
		{ProcessorErrorsAlarm, naming.ProcessorErrorsAlarm,
			"The processor failed invocations; see its log group",
			"AWS/Lambda", "Errors", "Sum", "FunctionName", processor},
		{ProcessorThrottlesAlarm, naming.ProcessorThrottlesAlarm,
			"The processor was throttled at its reserved concurrency; input is delayed",
			"AWS/Lambda", "Throttles", "Sum", "FunctionName", processor},
		{RotatorErrorsAlarm, naming.RotatorErrorsAlarm,
			"The secret rotator failed; the pseudonymisation key may not have rotated",
			"AWS/Lambda", "Errors", "Sum", "FunctionName", cloudformation.Ref(Rotator)},
	}
}

// alarm fires when a's metric is above zero in one period and notifies the
// topic again when it recovers. No data means nothing went wrong.
func (b *builder) alarm(a alarm) {
	topic := []string{cloudformation.Ref(AlertsTopic)}
	b.doc.Add(a.id, &cloudwatch.Alarm{
		AlarmName:          cloudformation.String(b.names.Of(a.name)),
		AlarmDescription:   cloudformation.String(a.description),
		Namespace:          cloudformation.String(a.namespace),
		MetricName:         cloudformation.String(a.metric),
		Statistic:          cloudformation.String(a.statistic),
		Dimensions:         []cloudwatch.Alarm_Dimension{{Name: a.dimension, Value: a.value}},
		Period:             cloudformation.Int(alarmPeriod),
		EvaluationPeriods:  1,
		Threshold:          cloudformation.Float64(0),
		ComparisonOperator: "GreaterThanThreshold",
		TreatMissingData:   cloudformation.String("notBreaching"),
		ActionsEnabled:     cloudformation.Bool(true),
		AlarmActions:       topic,
		OKActions:          topic,
		Tags:               b.tags(),
	})
}

// alertsTopic is encrypted with the data key and accepts messages only over
// TLS and only from this environment's alarms.
func (b *builder) alertsTopic() {
	b.doc.Add(AlertsTopic, &sns.Topic{
		TopicName:      cloudformation.String(b.names.Of(naming.AlertsTopic)),
		DisplayName:    cloudformation.String(b.names.Stack() + " alerts"),
		KmsMasterKeyId: cloudformation.String(arnOf(DataKey)),
		Tags:           b.tags(),
	})
	topic := b.topicARN(naming.AlertsTopic)
	b.doc.Add(AlertsTopicPolicy, &sns.TopicPolicy{
		Topics: []string{cloudformation.Ref(AlertsTopic)},
		PolicyDocument: cfn.Policy(
			cfn.Deny("DenyPublishingWithoutTLS", []string{"sns:Publish"}, []string{topic}).
				For(cfn.Principal{Anyone: true}).
				When(cfn.Condition{"Bool": {"aws:SecureTransport": false}}),
			cfn.Allow("AlarmsPublish", []string{"sns:Publish"}, []string{topic}).
				For(cfn.Principal{Service: []string{"cloudwatch.amazonaws.com"}}).
				When(b.fromAlarms()),
		),
	})
}

// fromAlarms limits a grant to CloudWatch acting for this environment's
// alarms.
func (b *builder) fromAlarms() cfn.Condition {
	return cfn.Condition{
		"StringEquals": {"aws:SourceAccount": accountID()},
		"ArnLike": {"aws:SourceArn": sub("arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:" +
			b.names.AlarmPattern())},
	}
}
