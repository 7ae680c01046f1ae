package stack

import (
	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/iam"

	"github.com/securepipe/securepipe/generator/cfn"
	"github.com/securepipe/securepipe/generator/naming"
)

// identity builds one role per function or service, each allowed exactly
// what it does, on named resources wherever the service allows it.
func (b *builder) identity() {
	b.role(ProcessorRole, naming.ProcessorRole, "lambda.amazonaws.com",
		cfn.Condition{"StringEquals": {"aws:SourceAccount": accountID()}},
		"processor", b.processorPolicy())
	b.role(FlowLogsRole, naming.FlowLogsRole, "vpc-flow-logs.amazonaws.com",
		cfn.Condition{
			"StringEquals": {"aws:SourceAccount": accountID()},
			"ArnLike":      {"aws:SourceArn": sub("arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:vpc-flow-log/*")},
		},
		"deliver-flow-logs", cfn.Policy(
			cfn.Allow("WriteFlowLogs",
				[]string{"logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"},
				[]string{b.logGroupARN(naming.FlowLogsLogGroup), b.logStreamsARN(naming.FlowLogsLogGroup)}),
		))
	b.role(TrailLogsRole, naming.TrailLogsRole, "cloudtrail.amazonaws.com",
		// CloudTrail's documented trust for this role names the service
		// alone; the account condition is the scoping it is known to honour.
		cfn.Condition{"StringEquals": {"aws:SourceAccount": accountID()}},
		"deliver-trail-logs", cfn.Policy(
			cfn.Allow("WriteTrailLogs",
				[]string{"logs:CreateLogStream", "logs:PutLogEvents"},
				[]string{b.logStreamsARN(naming.TrailLogGroup)}),
		))
}

// role adds a role that only service may assume, under condition, with one
// inline policy.
func (b *builder) role(id string, k naming.Kind, service string, trust cfn.Condition, policyName string, policy *cfn.PolicyDocument) {
	b.doc.Add(id, &iam.Role{
		RoleName: cloudformation.String(b.names.Of(k)),
		AssumeRolePolicyDocument: cfn.Policy(
			cfn.Statement{Sid: "TrustedService", Effect: "Allow", Action: []string{"sts:AssumeRole"}}.
				For(cfn.Principal{Service: []string{service}}).When(trust),
		),
		MaxSessionDuration: cloudformation.Int(3600),
		Policies:           []iam.Role_Policy{{PolicyName: policyName, PolicyDocument: policy}},
		Tags:               b.tags(),
	})
}

// processorPolicy allows what the processor does and denies, explicitly,
// what it must never do even if another policy allowed it.
func (b *builder) processorPolicy() *cfn.PolicyDocument {
	// What the code does comes from measurement; what Lambda does with the
	// role for the function (poll the queue, write the logs, attach the
	// function to the VPC) follows.
	statements := append(b.processorGrants(),
		cfn.Allow("ConsumeIngestQueue",
			[]string{"sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"},
			[]string{arnOf(IngestQueue)}),
		cfn.Allow("WriteOwnLogs", []string{"logs:CreateLogStream", "logs:PutLogEvents"},
			[]string{b.logStreamsARN(naming.ProcessorLogGroup)}),
	)
	statements = append(statements, b.vpcNetworkInterfaces()...)
	if key := b.env.Secret.KMSKeyARN; key != "" {
		statements = append(statements,
			cfn.Allow("DecryptApiSecret", []string{"kms:Decrypt"}, []string{key}).
				When(cfn.Condition{"StringEquals": {"kms:ViaService": sub("secretsmanager.${AWS::Region}.amazonaws.com")}}))
	}
	return cfn.Policy(append(statements, b.explicitDenies()...)...)
}

// explicitDenies hold whatever else grants the role: no plaintext writes,
// no writes under another key, nothing without TLS, no other environment's
// keys.
func (b *builder) explicitDenies() []cfn.Statement {
	buckets := []string{b.objectsARN(naming.InputBucket), b.objectsARN(naming.OutputBucket)}
	return append(uploadDenies(buckets, arnOf(DataKey), nil),
		denyWithoutTLS("kms", "s3", "secretsmanager", "sqs"), b.denyOtherKeys())
}
