package stack

import (
	"github.com/awslabs/goformation/v7/cloudformation"

	"github.com/securepipe/securepipe/generator/naming"
)

// name returns the physical name of k, through Fn::Sub when it carries the
// account ID.
func (b *builder) name(k naming.Kind) string {
	if naming.HasPlaceholder(k) {
		return cloudformation.Sub(b.names.Of(k))
	}
	return b.names.Of(k)
}

// sub is Fn::Sub of a string formed from names; it lets ARNs be written
// without waiting on the resources, which keeps the graph free of cycles.
func sub(s string) string { return cloudformation.Sub(s) }

func (b *builder) bucketARN(k naming.Kind) string {
	return sub("arn:${AWS::Partition}:s3:::" + b.names.Of(k))
}

func (b *builder) objectsARN(k naming.Kind) string {
	return sub("arn:${AWS::Partition}:s3:::" + b.names.Of(k) + "/*")
}

func (b *builder) logGroupARN(k naming.Kind) string {
	return sub("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:" + b.names.Of(k))
}

func (b *builder) logStreamsARN(k naming.Kind) string {
	return sub("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:" + b.names.Of(k) + ":log-stream:*")
}

func (b *builder) functionARN() string { return b.lambdaARN(naming.ProcessorFunction) }

func (b *builder) lambdaARN(k naming.Kind) string {
	return sub("arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:" + b.names.Of(k))
}

func (b *builder) roleARN(k naming.Kind) string {
	return sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/" + b.names.Of(k))
}

func (b *builder) trailARN() string {
	return sub("arn:${AWS::Partition}:cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/" + b.names.Of(naming.Trail))
}

func (b *builder) queueARN(k naming.Kind) string {
	return sub("arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:" + b.names.Of(k))
}

func (b *builder) topicARN(k naming.Kind) string {
	return sub("arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:" + b.names.Of(k))
}

func accountRoot() string { return sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root") }

func accountID() string { return cloudformation.Ref("AWS::AccountId") }

func arnOf(id string) string { return cloudformation.GetAtt(id, "Arn") }

// keyARNs are the ARNs of every key the environment's code may use: its own
// two and the secret's, when that is a customer-managed key.
func (b *builder) keyARNs() []string {
	arns := []string{arnOf(DataKey), arnOf(LogsKey)}
	if b.env.Secret.KMSKeyARN != "" {
		arns = append(arns, b.env.Secret.KMSKeyARN)
	}
	return arns
}
