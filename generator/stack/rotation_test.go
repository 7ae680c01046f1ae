package stack

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const prodSecret = "arn:aws:secretsmanager:us-east-1:333333333333:secret:pipeline/prod/api-Ij56Kl"

func TestRotationScheduleRotatesTheExistingSecret(t *testing.T) {
	tests := []struct {
		env    string
		secret string
		days   float64
	}{
		{"dev", "arn:aws:secretsmanager:us-east-1:111111111111:secret:pipeline/dev/api-Ab12Cd", 30},
		{"prod", prodSecret, 7},
	}
	for _, tt := range tests {
		t.Run(tt.env, func(t *testing.T) {
			tm := build(t, tt.env)
			assert.Empty(t, tm.ofType("AWS::SecretsManager::Secret"), "the secret is never created")
			s := tm.props(RotationSchedule)
			assert.Equal(t, tt.secret, s["SecretId"])
			assert.Equal(t, getAtt(Rotator, "Arn"), s["RotationLambdaARN"])
			assert.Equal(t, map[string]any{"AutomaticallyAfterDays": tt.days}, s["RotationRules"])
			assert.Equal(t, false, s["RotateImmediatelyOnUpdate"])
			assert.NotContains(t, s, "HostedRotationLambda")
			assert.ElementsMatch(t, []string{RotatorInvokePermission, "SecretsManagerEndpoint",
				"SecretRotatorToSecretsManagerEndpointEgress"}, tm.Resources[RotationSchedule].DependsOn)

			p := tm.props(RotatorInvokePermission)
			assert.Equal(t, "lambda:InvokeFunction", p["Action"])
			assert.Equal(t, getAtt(Rotator, "Arn"), p["FunctionName"])
			assert.Equal(t, "secretsmanager.amazonaws.com", p["Principal"])
			assert.Equal(t, ref("AWS::AccountId"), p["SourceAccount"])
		})
	}
}

func TestRotatorFunction(t *testing.T) {
	tm := build(t, "prod")
	fn := tm.props(Rotator)
	assert.Equal(t, "pipeline-secret-rotator-prod", fn["FunctionName"])
	assert.Equal(t, "provided.al2023", fn["Runtime"])
	assert.Equal(t, []any{"arm64"}, fn["Architectures"])
	assert.Equal(t, "bootstrap", fn["Handler"])
	assert.Equal(t, map[string]any{"S3Bucket": ref(ParamArtifactBucket), "S3Key": ref(ParamRotatorArtifactKey)}, fn["Code"])
	assert.Equal(t, getAtt(RotatorRole, "Arn"), fn["Role"])
	assert.EqualValues(t, 1, fn["ReservedConcurrentExecutions"])
	assert.Equal(t, getAtt(DataKey, "Arn"), fn["KmsKeyArn"])
	assert.Equal(t, map[string]any{"Variables": map[string]any{
		"SECRET_ARN": prodSecret, "KEY_FIELD": "pseudonymisation_key",
	}}, fn["Environment"])
	assert.Equal(t, map[string]any{
		"SubnetIds":        []any{ref(Subnet(0)), ref(Subnet(1)), ref(Subnet(2))},
		"SecurityGroupIds": []any{getAtt(RotatorSecurityGroup, "GroupId")},
	}, fn["VpcConfig"])
	assert.Equal(t, ref(RotatorLogGroup), fn["LoggingConfig"].(map[string]any)["LogGroup"])
	assert.Contains(t, tm.Parameters(), ParamRotatorArtifactKey)
}

func TestRotatorReachesOnlyTheSecretsManagerEndpoint(t *testing.T) {
	tm := build(t, "prod")
	g := tm.props(RotatorSecurityGroup)
	assert.Equal(t, "pipeline-secret-rotator-prod", g["GroupName"])
	assert.Empty(t, g["SecurityGroupIngress"], "nothing calls the rotator over the network")
	egress := g["SecurityGroupEgress"].([]any)
	require.Len(t, egress, 1, "inline egress replaces the allow-all default")
	assert.Equal(t, "127.0.0.1/32", egress[0].(map[string]any)["CidrIp"], "and matches no traffic")

	var rules []string
	for _, id := range tm.ofType("AWS::EC2::SecurityGroupEgress") {
		if assert.ObjectsAreEqual(getAtt(RotatorSecurityGroup, "GroupId"), tm.props(id)["GroupId"]) {
			rules = append(rules, id)
		}
	}
	assert.Equal(t, []string{"SecretRotatorToSecretsManagerEndpointEgress"}, rules)
	rule := tm.props(rules[0])
	assert.Equal(t, getAtt("SecretsManagerEndpointSecurityGroup", "GroupId"), rule["DestinationSecurityGroupId"])
	assert.EqualValues(t, 443, rule["FromPort"])
}

func TestRotatorPolicy(t *testing.T) {
	tests := []struct {
		env       string
		secretKey bool
	}{
		{"dev", false},
		{"prod", true},
	}
	for _, tt := range tests {
		t.Run(tt.env, func(t *testing.T) {
			stmts := rolePolicy(t, build(t, tt.env), RotatorRole)
			rotate := bySid(t, stmts, "RotateApiSecret")
			assert.Equal(t, []any{"secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue",
				"secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"}, rotate["Action"])
			require.Len(t, rotate["Resource"], 1)
			random := bySid(t, stmts, "GenerateRandomKeys")
			assert.Equal(t, []any{"secretsmanager:GetRandomPassword"}, random["Action"])
			assert.Equal(t, []any{"*"}, random["Resource"])
			assert.Equal(t, []any{map[string]any{"Fn::Sub": "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:" +
				"log-group:/aws/lambda/pipeline-secret-rotator-" + tt.env + ":log-stream:*"}},
				bySid(t, stmts, "WriteOwnLogs")["Resource"])
			bySid(t, stmts, "DescribeVpcNetworkInterfaces")
			bySid(t, stmts, "ManageVpcNetworkInterfaces")
			assert.Equal(t, "Deny", bySid(t, stmts, "DenyRequestsWithoutTLS")["Effect"])

			var sids []string
			for _, s := range stmts {
				sids = append(sids, s["Sid"].(string))
			}
			others := bySid(t, stmts, "DenyOtherEnvironmentsKeys")
			assert.Equal(t, map[string]any{"StringNotEqualsIfExists": map[string]any{
				"kms:EncryptionContext:SecretARN": rotate["Resource"].([]any)[0],
			}}, others["Condition"], "Secrets Manager still uses the secret's key for it")
			if !tt.secretKey {
				assert.NotContains(t, sids, "UseApiSecretKey")
				assert.Len(t, others["NotResource"], 2)
				return
			}
			key := bySid(t, stmts, "UseApiSecretKey")
			assert.Equal(t, []any{"kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey"}, key["Action"])
			assert.Equal(t, map[string]any{"StringEquals": map[string]any{
				"kms:ViaService": map[string]any{"Fn::Sub": "secretsmanager.${AWS::Region}.amazonaws.com"},
			}}, key["Condition"])
			assert.Len(t, bySid(t, stmts, "DenyOtherEnvironmentsKeys")["NotResource"], 3)
		})
	}
}
