package stack

import (
	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/ec2"

	"github.com/securepipe/securepipe/generator/naming"
)

const https = 443

// securityGroups allow HTTPS only, between components. Each interface
// endpoint has a group of its own that admits only the functions calling
// that service, so the processor reaches exactly the APIs it uses. Egress
// is always written inline: a group without inline egress keeps EC2's
// allow-all rule. The processor's rules towards the endpoints stand alone
// because the endpoint groups name the processor's, and the two inline
// would form a cycle.
func (b *builder) securityGroups() {
	b.doc.Add(FunctionSecurityGroup, &ec2.SecurityGroup{
		GroupName:        cloudformation.String(b.names.Of(naming.FunctionSecurityGroup)),
		GroupDescription: "Processor: HTTPS out to the endpoints it calls and the S3 gateway endpoint only",
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
	for _, s := range InterfaceServices {
		b.endpointGroup(s)
	}
}

// endpointGroup adds the group of s's endpoint and, for each function that
// calls s, the rules that let it through.
func (b *builder) endpointGroup(s Service) {
	name := b.names.EndpointGroup(s.Name)
	group := &ec2.SecurityGroup{
		GroupName:        cloudformation.String(name),
		GroupDescription: "Interface endpoint for " + s.Name + ": HTTPS in from its callers only, nothing out",
		VpcId:            cloudformation.String(cloudformation.Ref(VPC)),
		// Endpoints only answer; this rule matches no traffic and replaces
		// the allow-all default.
		SecurityGroupEgress: []ec2.SecurityGroup_Egress{{
			Description: cloudformation.String("No outbound traffic: loopback only, never routed"),
			IpProtocol:  "tcp",
			FromPort:    cloudformation.Int(https),
			ToPort:      cloudformation.Int(https),
			CidrIp:      cloudformation.String("127.0.0.1/32"),
		}},
		Tags: b.nameTag(name),
	}
	for _, c := range s.Callers {
		group.SecurityGroupIngress = append(group.SecurityGroupIngress, ec2.SecurityGroup_Ingress{
			Description:           cloudformation.String("HTTPS from " + c.Description),
			IpProtocol:            "tcp",
			FromPort:              cloudformation.Int(https),
			ToPort:                cloudformation.Int(https),
			SourceSecurityGroupId: cloudformation.String(cloudformation.GetAtt(c.Group, "GroupId")),
		})
		b.doc.Add(EndpointEgress(c, s), &ec2.SecurityGroupEgress{
			GroupId:                    cloudformation.GetAtt(c.Group, "GroupId"),
			Description:                cloudformation.String("HTTPS to the " + s.Name + " endpoint"),
			IpProtocol:                 "tcp",
			FromPort:                   cloudformation.Int(https),
			ToPort:                     cloudformation.Int(https),
			DestinationSecurityGroupId: cloudformation.String(cloudformation.GetAtt(EndpointGroup(s), "GroupId")),
		})
	}
	b.doc.Add(EndpointGroup(s), group)
}
