package stack

import (
	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/ec2"

	"github.com/securepipe/securepipe/generator/naming"
)

const https = 443

// securityGroups allow HTTPS only, between components. Egress is always
// written inline: a group without inline egress keeps EC2's allow-all rule.
// The processor → endpoints rule stands alone because the endpoints' group
// names the processor's, and the two inline would form a cycle.
func (b *builder) securityGroups() {
	b.doc.Add(FunctionSecurityGroup, &ec2.SecurityGroup{
		GroupName:        cloudformation.String(b.names.Of(naming.FunctionSecurityGroup)),
		GroupDescription: "Processor: HTTPS out to the VPC endpoints and the S3 gateway endpoint only",
		VpcId:            cloudformation.String(cloudformation.Ref(VPC)),
		SecurityGroupEgress: []ec2.SecurityGroup_Egress{{
			Description:             cloudformation.String("HTTPS to S3 through the gateway endpoint"),
			IpProtocol:              "tcp",
			FromPort:                cloudformation.Int(https),
			ToPort:                  cloudformation.Int(https),
			DestinationPrefixListId: cloudformation.String(cloudformation.Ref(ParamS3PrefixList)),
		}},
		Tags: b.nameTag(b.names.Of(naming.FunctionSecurityGroup)),
	})
	b.doc.Add(FunctionToEndpointsRule, &ec2.SecurityGroupEgress{
		GroupId:                    cloudformation.GetAtt(FunctionSecurityGroup, "GroupId"),
		Description:                cloudformation.String("HTTPS to the interface endpoints"),
		IpProtocol:                 "tcp",
		FromPort:                   cloudformation.Int(https),
		ToPort:                     cloudformation.Int(https),
		DestinationSecurityGroupId: cloudformation.String(cloudformation.GetAtt(EndpointSecurityGroup, "GroupId")),
	})
	b.doc.Add(EndpointSecurityGroup, &ec2.SecurityGroup{
		GroupName:        cloudformation.String(b.names.Of(naming.EndpointSecurityGroup)),
		GroupDescription: "Interface endpoints: HTTPS in from the processor only, nothing out",
		VpcId:            cloudformation.String(cloudformation.Ref(VPC)),
		SecurityGroupIngress: []ec2.SecurityGroup_Ingress{{
			Description:           cloudformation.String("HTTPS from the processor"),
			IpProtocol:            "tcp",
			FromPort:              cloudformation.Int(https),
			ToPort:                cloudformation.Int(https),
			SourceSecurityGroupId: cloudformation.String(cloudformation.GetAtt(FunctionSecurityGroup, "GroupId")),
		}},
		// Endpoints only answer; this rule matches no traffic and replaces
		// the allow-all default.
		SecurityGroupEgress: []ec2.SecurityGroup_Egress{{
			Description: cloudformation.String("No outbound traffic: loopback only, never routed"),
			IpProtocol:  "tcp",
			FromPort:    cloudformation.Int(https),
			ToPort:      cloudformation.Int(https),
			CidrIp:      cloudformation.String("127.0.0.1/32"),
		}},
		Tags: b.nameTag(b.names.Of(naming.EndpointSecurityGroup)),
	})
}
