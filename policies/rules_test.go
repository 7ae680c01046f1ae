package policies_test

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/securepipe/securepipe/policies"
)

// prodBroken returns a check of the prod template after break_ has changed it.
func prodBroken(break_ func(d doc)) func(t *testing.T) policies.Input {
	return func(t *testing.T) policies.Input {
		d := loadDoc(t, "prod")
		break_(d)
		return policies.Input{Subjects: []policies.Subject{d.subject(t, "prod")}}
	}
}

// pairBroken returns a check of an eu-prod environment and of prod, after
// break_ has changed prod. The eu-prod suffix ends like prod's, so a name
// shared on purpose still ends with each environment's suffix.
func pairBroken(break_ func(prod, eu doc)) func(t *testing.T) policies.Input {
	return func(t *testing.T) policies.Input {
		prod, eu := loadDoc(t, "prod"), renamed(t, "eu-prod")
		break_(prod, eu)
		return policies.Input{Subjects: []policies.Subject{eu.subject(t, "eu-prod"), prod.subject(t, "prod")}}
	}
}

const (
	prodKey    = "arn:aws:kms:us-east-1:333333333333:key/2d8f4b3a-5e6c-4a7d-9c9e-3f4a5b6c7d8e"
	euKey      = "arn:aws:kms:us-east-1:111111111111:key/0b6d2f1e-3c4a-4e5b-9a7c-1d2e3f4a5b6c"
	foreignKey = "arn:aws:kms:us-east-1:444455556666:key/7c1e9a2b-4d3f-4b6a-8e5d-2f1a0b9c8d7e"
	prodSecret = "arn:aws:secretsmanager:us-east-1:333333333333:secret:pipeline/prod/api-credentials-Ij56Kl"
	euSecret   = "arn:aws:secretsmanager:us-east-1:111111111111:secret:pipeline/eu-prod/api-credentials-Ab12Cd"
)

// violations break each rule, and only it, in a known-good template. A key
// is a rule ID, or a rule ID and a case (NET-009.if) when one rule is
// broken in several ways; the golden file is named after the key.
var violations = map[string]func(t *testing.T) policies.Input{
	"NET-001": prodBroken(func(d doc) {
		d.add("InternetGateway", "AWS::EC2::InternetGateway", map[string]any{"Tags": tags()})
	}),
	"NET-002": prodBroken(func(d doc) { d.props("PrivateSubnetA")["MapPublicIpOnLaunch"] = true }),
	"NET-003": prodBroken(func(d doc) {
		d.add("DefaultRoute", "AWS::EC2::Route", map[string]any{
			"RouteTableId":         map[string]any{"Ref": "PrivateRouteTableA"},
			"DestinationCidrBlock": "0.0.0.0/0",
			"NatGatewayId":         "nat-0123456789abcdef0",
		})
	}),
	"NET-004": prodBroken(func(d doc) {
		d.props("PrivateRouteTableAssociationC")["RouteTableId"] = "rtb-0123456789abcdef0"
	}),
	"NET-005": prodBroken(func(d doc) { d.props("Vpc")["EnableDnsHostnames"] = false }),
	"NET-006": prodBroken(func(d doc) {
		p := d.props("KmsEndpoint")
		p["SubnetIds"] = p["SubnetIds"].([]any)[:2]
	}),
	"NET-007": prodBroken(func(d doc) {
		rule := d.props("KmsEndpointSecurityGroup")["SecurityGroupEgress"].([]any)[0].(map[string]any)
		rule["FromPort"], rule["ToPort"] = 0, 65535
	}),
	"NET-008": prodBroken(func(d doc) { delete(d.props("KmsEndpointSecurityGroup"), "SecurityGroupEgress") }),
	"NET-009": prodBroken(func(d doc) {
		p := d.props("KmsEndpointSecurityGroup")
		p["SecurityGroupIngress"] = append(p["SecurityGroupIngress"].([]any), map[string]any{
			"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0",
		})
	}),
	"NET-009.halves": prodBroken(func(d doc) {
		for id, cidr := range map[string]string{"LowerHalfIngress": "0.0.0.0/1", "UpperHalfIngress": "128.0.0.0/1"} {
			d.add(id, "AWS::EC2::SecurityGroupIngress", map[string]any{
				"GroupId": map[string]any{"Ref": "KmsEndpointSecurityGroup"}, "CidrIp": cidr,
				"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
			})
		}
		p := d.props("KmsEndpointSecurityGroup")
		p["SecurityGroupIngress"] = append(p["SecurityGroupIngress"].([]any), map[string]any{
			"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "10.0.0.0/7",
		})
	}),
	"NET-009.ipv6": prodBroken(func(d doc) {
		p := d.props("KmsEndpointSecurityGroup")
		p["SecurityGroupIngress"] = append(p["SecurityGroupIngress"].([]any), map[string]any{
			"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIpv6": "2001:db8::/32",
		})
	}),
	"NET-009.if": prodBroken(func(d doc) {
		d.condition("IsProd", map[string]any{"Fn::Equals": []any{map[string]any{"Ref": "Stage"}, "prod"}})
		p := d.props("KmsEndpointSecurityGroup")
		p["SecurityGroupIngress"] = append(p["SecurityGroupIngress"].([]any), map[string]any{
			"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
			"CidrIp": map[string]any{"Fn::If": []any{"IsProd", "0.0.0.0/0", "10.0.0.0/8"}},
		})
	}),
	"NET-012": prodBroken(func(d doc) {
		d.add("ProcessorUrl", "AWS::Lambda::Url", map[string]any{
			"TargetFunctionArn": map[string]any{"Fn::GetAtt": []any{"ProcessorFunction", "Arn"}}, "AuthType": "NONE",
		})
	}),
	"NET-010": prodBroken(func(d doc) { delete(d.props("ProcessorFunction"), "VpcConfig") }),
	"NET-011": prodBroken(func(d doc) {
		p := d.props("ProcessorSecurityGroup")
		p["SecurityGroupEgress"] = append(p["SecurityGroupEgress"].([]any), map[string]any{
			"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "10.30.0.0/16",
		})
	}),
	"ENC-001": prodBroken(func(d doc) { d.props("DataKey")["EnableKeyRotation"] = false }),
	"ENC-002": prodBroken(func(d doc) { d.props("DataKey")["RotationPeriodInDays"] = 365 }),
	"ENC-003": prodBroken(func(d doc) {
		d.props("IngestDeadLetterQueue")["KmsMasterKeyId"] = map[string]any{"Fn::GetAtt": []any{"LogsKey", "Arn"}}
	}),
	"ENC-004": prodBroken(func(d doc) {
		rule := d.props("OutputBucket")["BucketEncryption"].(map[string]any)["ServerSideEncryptionConfiguration"].([]any)[0]
		rule.(map[string]any)["BucketKeyEnabled"] = false
	}),
	"ENC-009": prodBroken(func(d doc) {
		rule := d.props("OutputBucket")["BucketEncryption"].(map[string]any)["ServerSideEncryptionConfiguration"].([]any)[0]
		rule.(map[string]any)["ServerSideEncryptionByDefault"].(map[string]any)["KMSMasterKeyID"] = foreignKey
	}),
	"ENC-009.account-from-arns": prodBroken(func(d doc) {
		delete(d, "Rules") // the secret's ARN still says which account the stack is in
		d.props("IngestDeadLetterQueue")["KmsMasterKeyId"] = foreignKey
	}),
	"ENC-005": prodBroken(func(d doc) { d.props("IngestDeadLetterQueue")["KmsMasterKeyId"] = "alias/aws/sqs" }),
	"ENC-006": prodBroken(func(d doc) { delete(d.props("ProcessorFunction"), "KmsKeyArn") }),
	"ENC-007": prodBroken(func(d doc) { delete(d.props("ProcessorLogGroup"), "KmsKeyId") }),
	"ENC-008": prodBroken(func(d doc) { delete(d.props("AuditTrail"), "KMSKeyId") }),
	"KEY-001": prodBroken(func(d doc) {
		s := d.statement("LogsKey", "AccountAdministersKey", "KeyPolicy")
		var kept []any
		for _, a := range s["Action"].([]any) {
			if a != "kms:PutKeyPolicy" {
				kept = append(kept, a)
			}
		}
		s["Action"] = kept
	}),
	"KEY-002": prodBroken(func(d doc) {
		d.setStatements("DataKey", append(d.statements("DataKey", "KeyPolicy"), map[string]any{
			"Sid": "AnyoneDecrypts", "Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*",
		}), "KeyPolicy")
	}),
	"KEY-002.wildcard-principal-arn": prodBroken(func(d doc) {
		d.setStatements("DataKey", append(d.statements("DataKey", "KeyPolicy"), map[string]any{
			"Sid": "AnyPrincipalDecrypts", "Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*",
			"Condition": map[string]any{"StringLike": map[string]any{"aws:PrincipalArn": "*"}},
		}), "KeyPolicy")
	}),
	"KEY-003": prodBroken(func(d doc) {
		delete(d.statement("LogsKey", "CloudTrailDescribesKeyAndUsesBucketKey", "KeyPolicy"), "Condition")
	}),
	"KEY-004": prodBroken(func(d doc) { d.without("LogsKey", "CloudTrailDescribesKeyAndUsesBucketKey", "KeyPolicy") }),
	"S3-001": prodBroken(func(d doc) {
		d.props("OutputBucket")["VersioningConfiguration"] = map[string]any{"Status": "Suspended"}
	}),
	"S3-001.if": prodBroken(func(d doc) {
		d.condition("KeepVersions", map[string]any{"Fn::Equals": []any{map[string]any{"Ref": "Stage"}, "prod"}})
		d.props("OutputBucket")["VersioningConfiguration"] = map[string]any{
			"Fn::If": []any{"KeepVersions", map[string]any{"Status": "Enabled"}, map[string]any{"Ref": "AWS::NoValue"}},
		}
	}),
	"S3-002": prodBroken(func(d doc) {
		d.props("InputBucket")["PublicAccessBlockConfiguration"].(map[string]any)["RestrictPublicBuckets"] = false
	}),
	"S3-003": prodBroken(func(d doc) { d.without("OutputBucketPolicy", "DenyRequestsWithoutTLS", "PolicyDocument") }),
	"S3-004": prodBroken(func(d doc) { d.without("OutputBucketPolicy", "DenyUploadsWithoutKMS", "PolicyDocument") }),
	"IAM-001": prodBroken(func(d doc) {
		d.statement("ProcessorRole", "ReadInputObjects", "Policies", "0", "PolicyDocument")["Action"] = []any{"s3:Get*"}
	}),
	"IAM-002": prodBroken(func(d doc) {
		d.statement("ProcessorRole", "ReadApiSecret", "Policies", "0", "PolicyDocument")["Resource"] = []any{"*"}
	}),
	"IAM-003": prodBroken(func(d doc) {
		s := d.statement("IngestQueuePolicy", "InputBucketSendsNotifications", "PolicyDocument")
		s["NotResource"] = s["Resource"]
		delete(s, "Resource")
	}),
	"IAM-004": prodBroken(func(d doc) {
		d.without("ProcessorRole", "DenyRequestsWithoutTLS", "Policies", "0", "PolicyDocument")
	}),
	"IAM-005": prodBroken(func(d doc) {
		delete(d.statement("AuditTrailLogsRole", "TrustedService", "AssumeRolePolicyDocument"), "Condition")
	}),
	"IAM-006": prodBroken(func(d doc) {
		delete(d.statement("KmsEndpoint", "UseThisEnvironmentsKeys", "PolicyDocument"), "Condition")
	}),
	"IAM-006.weak-conditions": prodBroken(func(d doc) {
		queue := d.statement("IngestQueuePolicy", "InputBucketSendsNotifications", "PolicyDocument")["Resource"]
		d.setStatements("IngestQueuePolicy", append(d.statements("IngestQueuePolicy", "PolicyDocument"),
			map[string]any{
				"Sid": "AnyoneOverTLS", "Effect": "Allow", "Principal": "*", "Resource": queue,
				"Action":    []any{"sqs:SendMessage", "sqs:ReceiveMessage"},
				"Condition": map[string]any{"Bool": map[string]any{"aws:SecureTransport": true}},
			},
			map[string]any{
				"Sid": "AnyRoleOfAnyAccount", "Effect": "Allow", "Principal": map[string]any{"AWS": "*"}, "Resource": queue,
				"Action":    "sqs:SendMessage",
				"Condition": map[string]any{"StringLike": map[string]any{"aws:PrincipalArn": "arn:aws:iam::*:role/*"}},
			},
		), "PolicyDocument")
	}),
	"IAM-007": prodBroken(func(d doc) {
		d.props("ProcessorRole")["ManagedPolicyArns"] = []any{"arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"}
	}),
	"IAM-008": prodBroken(func(d doc) {
		function := map[string]any{"Fn::GetAtt": []any{"ProcessorFunction", "Arn"}}
		d.add("AnyoneInvokes", "AWS::Lambda::Permission", map[string]any{
			"FunctionName": function, "Action": "lambda:InvokeFunctionUrl", "Principal": "*", "FunctionUrlAuthType": "NONE",
		})
		d.add("BucketsInvoke", "AWS::Lambda::Permission", map[string]any{
			"FunctionName": function, "Action": "lambda:InvokeFunction", "Principal": "s3.amazonaws.com",
		})
		d.add("OtherAccountInvokes", "AWS::Lambda::Permission", map[string]any{
			"FunctionName": function, "Action": "lambda:InvokeFunction", "Principal": "arn:aws:iam::444455556666:root",
		})
	}),
	"IAM-009": prodBroken(func(d doc) {
		d.props("ProcessorRole")["ManagedPolicyArns"] = []any{
			"arn:aws:iam::aws:policy/AdministratorAccess",
			map[string]any{"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/AmazonS3FullAccess"},
		}
		d.props("AuditTrailLogsRole")["ManagedPolicyArns"] = []any{
			"arn:aws:iam::aws:policy/PowerUserAccess", "arn:aws:iam::aws:policy/IAMFullAccess",
		}
	}),
	"SEC-001": prodBroken(func(d doc) {
		d.add("ApiSecret", "AWS::SecretsManager::Secret", map[string]any{"Tags": tags()})
		d.props("SecretRotationSchedule")["HostedRotationLambda"] = map[string]any{"RotationType": "PostgreSQLSingleUser"}
	}),
	"SEC-002": prodBroken(func(d doc) {
		d["Parameters"].(map[string]any)["ApiPassword"] = map[string]any{
			"Type": "String", "NoEcho": true, "Default": "correct-horse-battery",
		}
	}),
	"ENC-010": prodBroken(func(d doc) { delete(d.props("AlertsTopic"), "KmsMasterKeyId") }),
	"SEC-004": prodBroken(func(d doc) {
		delete(d["Resources"].(map[string]any), "SecretRotationSchedule")
	}),
	"SEC-004.days": prodBroken(func(d doc) {
		d.props("SecretRotationSchedule")["RotationRules"] = map[string]any{"AutomaticallyAfterDays": 365}
	}),
	"SEC-003": prodBroken(func(d doc) {
		d.props("ProcessorFunction")["Environment"].(map[string]any)["Variables"].(map[string]any)["API_TOKEN"] = "s3cr3t-value"
	}),
	"AUD-001": prodBroken(func(d doc) { d.props("AuditTrail")["IsMultiRegionTrail"] = false }),
	"AUD-002": prodBroken(func(d doc) { d.props("AuditTrail")["EnableLogFileValidation"] = false }),
	"AUD-003": prodBroken(func(d doc) {
		sel := d.props("AuditTrail")["EventSelectors"].([]any)[0].(map[string]any)
		sel["DataResources"] = sel["DataResources"].([]any)[:1]
	}),
	"AUD-004":       prodBroken(func(d doc) { delete(d.props("AuditTrail"), "CloudWatchLogsRoleArn") }),
	"AUD-005":       prodBroken(func(d doc) { d.props("VpcFlowLog")["TrafficType"] = "REJECT" }),
	"AUD-006":       prodBroken(func(d doc) { d.props("VpcFlowLogsLogGroup")["RetentionInDays"] = 30 }),
	"TAG-001":       prodBroken(func(d doc) { delete(d.props("ProcessorEventSourceMapping"), "Tags") }),
	"TAG-001.alarm": prodBroken(func(d doc) { delete(d.props("ProcessorErrorsAlarm"), "Tags") }),
	"TAG-002": prodBroken(func(d doc) {
		d.props("IngestQueue")["Tags"].([]any)[0].(map[string]any)["Value"] = "secret"
	}),
	"NAME-001":       prodBroken(func(d doc) { d.props("ProcessorSecurityGroup")["GroupName"] = "pipeline-processor" }),
	"NAME-001.alarm": prodBroken(func(d doc) { d.props("ProcessorErrorsAlarm")["AlarmName"] = "pipeline-processor-errors" }),
	"NAME-002": prodBroken(func(d doc) {
		d.props("AuditTrailLogsRole")["RoleName"] = "pipeline-trail-logs-delivery-role-for-the-audit-trail-of-the-prod"
	}),
	"LIFE-001": prodBroken(func(d doc) { d.res("DataKeyAlias")["DeletionPolicy"] = "Retain" }),
	"REF-001": prodBroken(func(d doc) {
		d.props("ProcessorFunction")["LoggingConfig"].(map[string]any)["LogGroup"] = map[string]any{"Ref": "MissingLogGroup"}
	}),
	"REF-002": prodBroken(func(d doc) {
		d.statement("ProcessorRole", "WriteOwnLogs", "Policies", "0", "PolicyDocument")["Resource"] = []any{map[string]any{
			"Fn::Sub": "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/pipeline-processr-prod:log-stream:*",
		}}
	}),
	"XENV-001": pairBroken(func(prod, _ doc) {
		for k, v := range prod.replaced(prodKey, euKey) {
			prod[k] = v
		}
	}),
	"XENV-002": pairBroken(func(prod, _ doc) { prod.props("DataKeyAlias")["AliasName"] = "alias/pipeline-data-eu-prod" }),
	"XENV-003": pairBroken(func(prod, _ doc) {
		prod.props("ProcessorSecurityGroup")["GroupName"] = "pipeline-processor-eu-prod"
	}),
	"XENV-004": pairBroken(func(prod, eu doc) {
		all := map[string]any{"Fn::Sub": "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*"}
		for _, d := range []doc{prod, eu} {
			s := d.statement("LogsKey", "CloudWatchLogsEncryptsThisEnvironmentsGroups", "KeyPolicy")
			s["Condition"] = map[string]any{"ArnLike": map[string]any{"kms:EncryptionContext:aws:logs:arn": all}}
		}
	}),
	"XENV-005": pairBroken(func(prod, eu doc) { eu.props("Vpc")["CidrBlock"] = "10.30.0.0/20" }),
	"XENV-005.if": pairBroken(func(prod, eu doc) {
		eu.condition("Wide", map[string]any{"Fn::Equals": []any{map[string]any{"Ref": "Stage"}, "prod"}})
		eu.props("Vpc")["CidrBlock"] = map[string]any{"Fn::If": []any{"Wide", "10.0.0.0/8", "10.40.0.0/16"}}
	}),
	"XENV-006": pairBroken(func(prod, _ doc) {
		prod["Outputs"].(map[string]any)["VpcId"].(map[string]any)["Export"] = map[string]any{"Name": "pipeline-VpcId-eu-prod"}
	}),
	"XENV-007": pairBroken(func(prod, _ doc) {
		for k, v := range prod.replaced(prodSecret, euSecret) {
			prod[k] = v
		}
	}),
	"SUP-001": func(t *testing.T) policies.Input {
		s := loadDoc(t, "prod").subject(t, "prod")
		s.Suppressions = []policies.Suppression{{Rule: "NET-099", Resource: "Vpc", Reason: "no such rule", Key: "suppressions.0"}}
		return policies.Input{Subjects: []policies.Subject{s}}
	},
	"SUP-002": func(t *testing.T) policies.Input {
		s := loadDoc(t, "prod").subject(t, "prod")
		s.Suppressions = []policies.Suppression{{Rule: "NET-005", Resource: "Vpc", Reason: "DNS is on", Key: "suppressions.0"}}
		return policies.Input{Subjects: []policies.Subject{s}}
	},
}

// ruleOf returns the rule ID of a key of violations.
func ruleOf(key string) string {
	id, _, _ := strings.Cut(key, ".")
	return id
}

// TestEveryRuleHasAViolation keeps the table complete.
func TestEveryRuleHasAViolation(t *testing.T) {
	broken := map[string]bool{}
	for key := range violations {
		broken[ruleOf(key)] = true
	}
	for _, r := range policies.Rules() {
		assert.True(t, broken[r.ID], "no test breaks %s", r.ID)
	}
}

// TestViolations breaks each rule in a known-good template and expects
// findings of that rule only, exactly as in testdata/violations/<ID>.golden.
func TestViolations(t *testing.T) {
	ids := make([]string, 0, len(violations))
	for id := range violations {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, key := range ids {
		t.Run(key, func(t *testing.T) {
			res := policies.Check(violations[key](t))
			require.NotEmpty(t, res.Findings)
			for _, f := range res.Findings {
				assert.Equal(t, ruleOf(key), f.Rule, "the template breaks another rule: %s", f.Message)
			}
			rule, _ := policies.Lookup(ruleOf(key))
			assert.Equal(t, rule.Severity == policies.Error, res.Failed())
			golden(t, filepath.Join("testdata", "violations", key+".golden"), []byte(lines(res.Findings)))
		})
	}
}
