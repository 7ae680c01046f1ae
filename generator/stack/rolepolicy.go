package stack

import (
	"github.com/securepipe/securepipe/generator/cfn"
)

// Statements every function role of the stack shares.

// vpcNetworkInterfaces let Lambda attach a function to the private
// subnets: it creates and removes the function's network interfaces with
// the function's role. EC2 has no resource-level permissions for
// describing them; changing them is narrowed to this environment's VPC.
func (b *builder) vpcNetworkInterfaces() []cfn.Statement {
	return []cfn.Statement{
		cfn.Allow("DescribeVpcNetworkInterfaces",
			[]string{"ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"}, []string{"*"}),
		cfn.Allow("ManageVpcNetworkInterfaces",
			[]string{"ec2:AssignPrivateIpAddresses", "ec2:CreateNetworkInterface",
				"ec2:DeleteNetworkInterface", "ec2:UnassignPrivateIpAddresses"},
			[]string{"*"}).
			When(cfn.Condition{"ArnEqualsIfExists": {"ec2:Vpc": sub("arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:vpc/${" + VPC + "}")}}),
	}
}

// denyWithoutTLS denies every action of the given services, such as kms
// or s3, on a request that does not use TLS.
func denyWithoutTLS(services ...string) cfn.Statement {
	actions := make([]string, len(services))
	for i, s := range services {
		actions[i] = s + ":*"
	}
	return cfn.Deny("DenyRequestsWithoutTLS", actions, []string{"*"}).
		When(cfn.Condition{"Bool": {"aws:SecureTransport": false}})
}

// denyOtherKeys denies every use of a KMS key that is not this
// environment's. Secrets Manager uses the secret's key on the role's
// behalf with the secret's ARN as encryption context: that use stays
// allowed, even when the key is AWS-managed and so not named.
func (b *builder) denyOtherKeys() cfn.Statement {
	return cfn.Statement{Sid: "DenyOtherEnvironmentsKeys", Effect: "Deny", Action: []string{"kms:*"}, NotResource: b.keyARNs()}.
		When(cfn.Condition{"StringNotEqualsIfExists": {"kms:EncryptionContext:SecretARN": b.env.Secret.ARN}})
}
