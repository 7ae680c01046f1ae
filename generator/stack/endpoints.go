package stack

import (
	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/ec2"

	"github.com/securepipe/securepipe/generator/cfn"
	"github.com/securepipe/securepipe/generator/naming"
)

// Service is an AWS API reached through an interface endpoint.
type Service struct {
	// Name is the endpoint service name's last part, as in
	// com.amazonaws.us-east-1.kms.
	Name string
	// Title forms the endpoint's logical ID.
	Title string
	// ProcessorCalls says whether the processor calls this API (directly,
	// or through a service acting for it), and so may reach its endpoint.
	ProcessorCalls bool
	// grant returns what the endpoint policy lets this account's principals
	// do through the endpoint.
	grant func(b *builder) cfn.Statement
}

// InterfaceServices are the AWS APIs reached from the private subnets, apart
// from S3, which has a gateway endpoint. The Lambda endpoint keeps Lambda's
// API private to the VPC; no function here calls it, so its group admits
// no one until one does.
var InterfaceServices = []Service{
	{Name: "kms", Title: "Kms", ProcessorCalls: true, grant: func(b *builder) cfn.Statement {
		return cfn.Allow("UseThisEnvironmentsKeys",
			[]string{"kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"},
			b.keyARNs())
	}},
	{Name: "lambda", Title: "Lambda", grant: func(b *builder) cfn.Statement {
		return cfn.Allow("UseThisEnvironmentsFunctions",
			[]string{"lambda:GetFunction", "lambda:InvokeFunction"},
			[]string{b.functionARN()})
	}},
	{Name: "secretsmanager", Title: "SecretsManager", ProcessorCalls: true, grant: func(b *builder) cfn.Statement {
		return cfn.Allow("ReadThisEnvironmentsSecret",
			[]string{"secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"},
			[]string{b.env.Secret.ARN})
	}},
}

// endpoints give the private subnets their only path to AWS APIs. Every
// endpoint policy admits this account's principals only, and only to this
// environment's resources.
func (b *builder) endpoints() {
	b.doc.Add(S3Endpoint, &cfn.VPCEndpoint{
		Resource: &ec2.VPCEndpoint{
			VpcId:           cloudformation.Ref(VPC),
			ServiceName:     sub("com.amazonaws.${AWS::Region}.s3"),
			VpcEndpointType: cloudformation.String("Gateway"),
			RouteTableIds:   b.routeTables(),
			PolicyDocument: b.endpointPolicy(cfn.Allow("UseThisEnvironmentsBuckets",
				[]string{"s3:AbortMultipartUpload", "s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket", "s3:PutObject"},
				[]string{
					b.bucketARN(naming.InputBucket), b.objectsARN(naming.InputBucket),
					b.bucketARN(naming.OutputBucket), b.objectsARN(naming.OutputBucket),
				})),
		},
		Tags: b.tags(),
	})
	for _, s := range InterfaceServices {
		b.doc.Add(InterfaceEndpoint(s), &cfn.VPCEndpoint{
			Resource: &ec2.VPCEndpoint{
				VpcId:             cloudformation.Ref(VPC),
				ServiceName:       sub("com.amazonaws.${AWS::Region}." + s.Name),
				VpcEndpointType:   cloudformation.String("Interface"),
				PrivateDnsEnabled: cloudformation.Bool(true),
				SubnetIds:         b.subnets(),
				SecurityGroupIds:  []string{cloudformation.GetAtt(EndpointGroup(s), "GroupId")},
				PolicyDocument:    b.endpointPolicy(s.grant(b)),
			},
			Tags: b.tags(),
		})
	}
}

// endpointPolicy admits only principals of this account.
func (b *builder) endpointPolicy(grant cfn.Statement) *cfn.PolicyDocument {
	grant = grant.For(cfn.Principal{Anyone: true}).When(cfn.Condition{
		"StringEquals": {"aws:PrincipalAccount": accountID()},
	})
	return cfn.Policy(grant)
}
