package stack

import (
	"fmt"
	"strings"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/lambda"
	"github.com/awslabs/goformation/v7/cloudformation/sqs"

	"github.com/securepipe/securepipe/generator/cfn"
	"github.com/securepipe/securepipe/generator/naming"
)

const (
	// maxReceives is how often a message is tried before it goes to the
	// dead-letter queue.
	maxReceives = 5
	// visibilityFactor times the function timeout is the queue's visibility
	// timeout, as Lambda advises for SQS sources.
	visibilityFactor = 6
	batchSize        = 10
	batchWindow      = 5
	dlqRetention     = 14 * 24 * 3600
	queueRetention   = 4 * 24 * 3600
	keyReuseSeconds  = 300
)

// processing builds the path from a new input object to the processor:
// S3 notification → encrypted queue (with a dead-letter queue) → function.
func (b *builder) processing() {
	b.doc.Add(DeadLetterQueue, &sqs.Queue{
		QueueName:                    cloudformation.String(b.names.Of(naming.DeadLetterQueue)),
		KmsMasterKeyId:               cloudformation.String(arnOf(DataKey)),
		KmsDataKeyReusePeriodSeconds: cloudformation.Int(keyReuseSeconds),
		MessageRetentionPeriod:       cloudformation.Int(dlqRetention),
		Tags:                         b.tags(),
	})
	b.doc.Add(IngestQueue, &sqs.Queue{
		QueueName:                    cloudformation.String(b.names.Of(naming.IngestQueue)),
		KmsMasterKeyId:               cloudformation.String(arnOf(DataKey)),
		KmsDataKeyReusePeriodSeconds: cloudformation.Int(keyReuseSeconds),
		MessageRetentionPeriod:       cloudformation.Int(queueRetention),
		VisibilityTimeout:            cloudformation.Int(visibilityFactor * b.env.Lambda.TimeoutSeconds),
		RedrivePolicy: map[string]any{
			"deadLetterTargetArn": arnOf(DeadLetterQueue),
			"maxReceiveCount":     maxReceives,
		},
		Tags: b.tags(),
	})
	b.doc.Add(IngestQueuePolicy, &sqs.QueuePolicy{
		Queues: []string{cloudformation.Ref(IngestQueue)},
		PolicyDocument: cfn.Policy(
			b.queueDenyWithoutTLS(naming.IngestQueue),
			cfn.Allow("InputBucketSendsNotifications", []string{"sqs:SendMessage"},
				[]string{b.queueARN(naming.IngestQueue)}).
				For(cfn.Principal{Service: []string{"s3.amazonaws.com"}}).
				When(cfn.Condition{
					"StringEquals": {"aws:SourceAccount": accountID()},
					"ArnEquals":    {"aws:SourceArn": b.bucketARN(naming.InputBucket)},
				}),
		),
	})
	b.doc.Add(DeadLetterQueuePolicy, &sqs.QueuePolicy{
		Queues:         []string{cloudformation.Ref(DeadLetterQueue)},
		PolicyDocument: cfn.Policy(b.queueDenyWithoutTLS(naming.DeadLetterQueue)),
	})
	b.function()
}

func (b *builder) queueDenyWithoutTLS(k naming.Kind) cfn.Statement {
	return cfn.Deny("DenyRequestsWithoutTLS", []string{"sqs:*"}, []string{b.queueARN(k)}).
		For(cfn.Principal{Anyone: true}).
		When(cfn.Condition{"Bool": {"aws:SecureTransport": false}})
}

// function builds the processor in the private subnets, its log group and
// its trigger.
func (b *builder) function() {
	b.logGroup(ProcessorLogGroup, naming.ProcessorLogGroup)
	fn := &lambda.Function{
		FunctionName:  cloudformation.String(b.names.Of(naming.ProcessorFunction)),
		Description:   cloudformation.String("Pseudonymises and re-encrypts objects arriving in the input bucket"),
		Runtime:       cloudformation.String("provided.al2023"),
		Architectures: []string{"arm64"},
		Handler:       cloudformation.String("bootstrap"),
		Code: &lambda.Function_Code{
			S3Bucket: cloudformation.String(cloudformation.Ref(ParamArtifactBucket)),
			S3Key:    cloudformation.String(cloudformation.Ref(ParamArtifactKey)),
		},
		Role:                         arnOf(ProcessorRole),
		MemorySize:                   cloudformation.Int(b.env.Lambda.MemoryMB),
		Timeout:                      cloudformation.Int(b.env.Lambda.TimeoutSeconds),
		ReservedConcurrentExecutions: cloudformation.Int(b.env.Lambda.ReservedConcurrency),
		KmsKeyArn:                    cloudformation.String(arnOf(DataKey)),
		Environment:                  &lambda.Function_Environment{Variables: b.checkedEnvironment()},
		VpcConfig: &lambda.Function_VpcConfig{
			SubnetIds:        b.subnets(),
			SecurityGroupIds: []string{cloudformation.GetAtt(FunctionSecurityGroup, "GroupId")},
		},
		LoggingConfig: &lambda.Function_LoggingConfig{
			LogFormat:           cloudformation.String("JSON"),
			LogGroup:            cloudformation.String(cloudformation.Ref(ProcessorLogGroup)),
			ApplicationLogLevel: cloudformation.String("INFO"),
			SystemLogLevel:      cloudformation.String("WARN"),
		},
		Tags: b.tags(),
	}
	b.doc.Add(Processor, fn)

	b.doc.Add(ProcessorEventSource, &cfn.EventSourceMapping{
		Resource: &lambda.EventSourceMapping{
			EventSourceArn:                 cloudformation.String(arnOf(IngestQueue)),
			FunctionName:                   cloudformation.Ref(Processor),
			BatchSize:                      cloudformation.Int(batchSize),
			MaximumBatchingWindowInSeconds: cloudformation.Int(batchWindow),
			FunctionResponseTypes:          []string{"ReportBatchItemFailures"},
			ScalingConfig: &lambda.EventSourceMapping_ScalingConfig{
				MaximumConcurrency: cloudformation.Int(max(2, b.env.Lambda.ReservedConcurrency)),
			},
			Enabled: cloudformation.Bool(true),
		},
		Tags: b.tags(),
	})
}

// functionEnvironment is the processor's configuration. The field policy is
// JSON so the function reads exactly what the spec says.
func (b *builder) functionEnvironment() map[string]string {
	policy := newFieldPolicy(b.spec.Processing).JSON()
	return map[string]string{
		"ENVIRONMENT":   b.names.Suffix,
		"INPUT_BUCKET":  b.name(naming.InputBucket),
		"OUTPUT_BUCKET": b.name(naming.OutputBucket),
		"DATA_KEY_ARN":  arnOf(DataKey),
		"SECRET_ARN":    b.env.Secret.ARN,
		"FIELD_POLICY":  policy,
	}
}

// lambdaEnvLimit is the most Lambda accepts for all of a function's
// environment variables, names and values together.
const lambdaEnvLimit = 4096

// keyARNLength is the length of a KMS key ARN in us-east-1.
var keyARNLength = len("arn:aws:kms:us-east-1:000000000000:key/00000000-0000-0000-0000-000000000000")

// checkedEnvironment returns the function's environment, failing the
// template when it would exceed Lambda's limit once deployed.
func (b *builder) checkedEnvironment() map[string]string {
	size := 0
	for name, value := range b.functionEnvironmentText() {
		size += len(name) + len(value)
	}
	if size > lambdaEnvLimit {
		b.doc.Fail(fmt.Errorf("%s:%d: processing.datasets: the processor's environment would be %d bytes, "+
			"over Lambda's %d-byte limit; the field policy takes most of it: list fewer fields or "+
			"shorten their names", b.spec.Path, b.spec.Line("processing.datasets"), size, lambdaEnvLimit))
	}
	return b.functionEnvironment()
}

// functionEnvironmentText is the environment as it reads once deployed,
// with the account ID and the key ARN at their full lengths.
func (b *builder) functionEnvironmentText() map[string]string {
	env := b.functionEnvironment()
	account := strings.Repeat("0", 12)
	env["INPUT_BUCKET"] = strings.ReplaceAll(b.names.Of(naming.InputBucket), naming.AccountPlaceholder, account)
	env["OUTPUT_BUCKET"] = strings.ReplaceAll(b.names.Of(naming.OutputBucket), naming.AccountPlaceholder, account)
	env["DATA_KEY_ARN"] = strings.Repeat("k", keyARNLength)
	return env
}
