package policies_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/securepipe/securepipe/policies"
)

// accepted change a known-good template in ways the rules must accept:
// the limits of what the violations break.
var accepted = map[string]func(d doc){
	"a deny needs no condition": func(d doc) {
		d.setStatements("IngestQueuePolicy", append(d.statements("IngestQueuePolicy", "PolicyDocument"), map[string]any{
			"Sid": "DenyPurge", "Effect": "Deny", "Principal": "*", "Action": "sqs:PurgeQueue", "Resource": "*",
		}), "PolicyDocument")
	},
	"an organization pins the caller": func(d doc) {
		allowAnyoneOnQueue(d, map[string]any{"StringEquals": map[string]any{"aws:PrincipalOrgID": "o-a1b2c3d4e5"}})
	},
	"roles of this account pin the caller": func(d doc) {
		allowAnyoneOnQueue(d, map[string]any{"ArnLike": map[string]any{
			"aws:PrincipalArn": map[string]any{"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/pipeline-*"},
		}})
	},
	"a VPC endpoint pins the caller": func(d doc) {
		allowAnyoneOnQueue(d, map[string]any{
			"Bool":         map[string]any{"aws:SecureTransport": true},
			"StringEquals": map[string]any{"aws:SourceVpce": map[string]any{"Ref": "KmsEndpoint"}},
		})
	},
	"ingress from the VPC and private ranges": func(d doc) {
		p := d.props("KmsEndpointSecurityGroup")
		for _, cidr := range []any{"10.30.0.0/16", "172.16.4.0/24", "100.64.0.0/10", map[string]any{"Fn::GetAtt": []any{"Vpc", "CidrBlock"}}} {
			p["SecurityGroupIngress"] = append(p["SecurityGroupIngress"].([]any), map[string]any{
				"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": cidr,
			})
		}
	},
	"ingress from the VPC's IPv6 range": func(d doc) {
		d.add("VpcIpv6Block", "AWS::EC2::VPCCidrBlock", map[string]any{
			"VpcId": map[string]any{"Ref": "Vpc"}, "Ipv6CidrBlock": "2600:1f18:4000:1000::/56",
		})
		p := d.props("KmsEndpointSecurityGroup")
		p["SecurityGroupIngress"] = append(p["SecurityGroupIngress"].([]any), map[string]any{
			"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIpv6": "2600:1f18:4000:1001::/64",
		})
	},
	"a key of the stack's account outside the template": func(d doc) {
		rule := d.props("OutputBucket")["BucketEncryption"].(map[string]any)["ServerSideEncryptionConfiguration"].([]any)[0]
		rule.(map[string]any)["ServerSideEncryptionByDefault"].(map[string]any)["KMSMasterKeyID"] = prodKey
	},
	"functions invoked by this stack's bucket and account": func(d doc) {
		function := map[string]any{"Fn::GetAtt": []any{"ProcessorFunction", "Arn"}}
		d.add("BucketInvokes", "AWS::Lambda::Permission", map[string]any{
			"FunctionName": function, "Action": "lambda:InvokeFunction", "Principal": "s3.amazonaws.com",
			"SourceAccount": map[string]any{"Ref": "AWS::AccountId"},
			"SourceArn":     map[string]any{"Fn::Sub": "arn:${AWS::Partition}:s3:::pipeline-input-${AWS::AccountId}-prod"},
		})
		d.add("AccountInvokes", "AWS::Lambda::Permission", map[string]any{
			"FunctionName": function, "Action": "lambda:InvokeFunction", "Principal": map[string]any{"Ref": "AWS::AccountId"},
		})
		d.add("ProcessorUrl", "AWS::Lambda::Url", map[string]any{"TargetFunctionArn": function, "AuthType": "AWS_IAM"})
	},
	"the caller's account pins a key's users": func(d doc) {
		d.setStatements("DataKey", append(d.statements("DataKey", "KeyPolicy"), map[string]any{
			"Sid": "AccountDecrypts", "Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*",
			"Condition": map[string]any{"StringEquals": map[string]any{"kms:CallerAccount": map[string]any{"Ref": "AWS::AccountId"}}},
		}), "KeyPolicy")
	},
}

func allowAnyoneOnQueue(d doc, condition map[string]any) {
	queue := d.statement("IngestQueuePolicy", "InputBucketSendsNotifications", "PolicyDocument")["Resource"]
	d.setStatements("IngestQueuePolicy", append(d.statements("IngestQueuePolicy", "PolicyDocument"), map[string]any{
		"Sid": "Callers", "Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": queue,
		"Condition": condition,
	}), "PolicyDocument")
}

// TestAccepted changes a known-good template within what the rules allow
// and expects no finding.
func TestAccepted(t *testing.T) {
	for name, change := range accepted {
		t.Run(name, func(t *testing.T) {
			res := policies.Check(prodBroken(change)(t))
			assert.Empty(t, lines(res.Findings))
		})
	}
}
