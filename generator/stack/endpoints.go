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
	// Callers are the functions that call this API (directly, or through a
	// service acting for them), and so may reach its endpoint. Every other
	// function's traffic is refused by the endpoint's group.
	Callers []Caller
	// grants return what the endpoint policy lets this account's principals
	// do through the endpoint.
	grants func(b *builder) []cfn.Statement
}

// Caller is a function of the stack that calls AWS APIs through interface
// endpoints, from a security group of its own.
type Caller struct {
	// Title forms the logical IDs of its rules towards the endpoints.
	Title string
	// Group is the logical ID of its security group.
	Group string
	// Description names it in rule descriptions.
	Description string
}

// The functions that call AWS APIs from the private subnets.
var (
	ProcessorCaller = Caller{Title: "Processor", Group: FunctionSecurityGroup, Description: "the processor"}
	RotatorCaller   = Caller{Title: "SecretRotator", Group: RotatorSecurityGroup, Description: "the secret rotator"}
)

// InterfaceServices are the AWS APIs reached from the private subnets, apart
// from S3, which has a gateway endpoint. The Lambda endpoint keeps Lambda's
// API private to the VPC; no function here calls it, so its group admits
// no one until one does.
var InterfaceServices = []Service{
	{Name: "kms", Title: "Kms", Callers: []Caller{ProcessorCaller}, grants: func(b *builder) []cfn.Statement {
		return []cfn.Statement{cfn.Allow("UseThisEnvironmentsKeys",
			[]string{"kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"},
			b.keyARNs())}
	}},
	{Name: "lambda", Title: "Lambda", grants: func(b *builder) []cfn.Statement {
		return []cfn.Statement{cfn.Allow("UseThisEnvironmentsFunctions",
			[]string{"lambda:GetFunction", "lambda:InvokeFunction"},
			[]string{b.functionARN()})}
	}},
	{Name: "secretsmanager", Title: "SecretsManager", Callers: []Caller{ProcessorCaller, RotatorCaller},
		grants: func(b *builder) []cfn.Statement {
			rotator := cfn.Condition{"ArnEquals": {"aws:PrincipalArn": b.roleARN(naming.RotatorRole)}}
			return []cfn.Statement{
				cfn.Allow("ReadThisEnvironmentsSecret",
					[]string{"secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"},
					[]string{b.env.Secret.ARN}),
				cfn.Allow("RotatorWritesThisEnvironmentsSecret",
					[]string{"secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"},
					[]string{b.env.Secret.ARN}).When(rotator),
				// GetRandomPassword acts on no resource.
				cfn.Allow("RotatorGeneratesKeys", []string{"secretsmanager:GetRandomPassword"}, []string{"*"}).
					When(rotator),
			}
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
				PolicyDocument:    b.endpointPolicy(s.grants(b)...),
			},
			Tags: b.tags(),
		})
	}
}

// endpointPolicy admits only principals of this account, to what grants
// allow; a grant's own conditions narrow it further.
func (b *builder) endpointPolicy(grants ...cfn.Statement) *cfn.PolicyDocument {
	for i, g := range grants {
		cond := cfn.Condition{"StringEquals": {"aws:PrincipalAccount": accountID()}}
		for op, keys := range g.Condition {
			if cond[op] == nil {
				cond[op] = map[string]any{}
			}
			for k, v := range keys {
				cond[op][k] = v
			}
		}
		grants[i] = g.For(cfn.Principal{Anyone: true}).When(cond)
	}
	return cfn.Policy(grants...)
}
