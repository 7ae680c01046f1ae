package stack

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func rolePolicy(t *testing.T, tm *template, role string) []map[string]any {
	t.Helper()
	policies := tm.props(role)["Policies"].([]any)
	require.Len(t, policies, 1)
	return statements(t, policies[0].(map[string]any)["PolicyDocument"])
}

func TestRolesTrustOneServiceInThisAccount(t *testing.T) {
	tm := build(t, "prod")
	tests := []struct{ role, service, name string }{
		{ProcessorRole, "lambda.amazonaws.com", "pipeline-processor-prod"},
		{FlowLogsRole, "vpc-flow-logs.amazonaws.com", "pipeline-flow-logs-prod"},
		{TrailLogsRole, "cloudtrail.amazonaws.com", "pipeline-trail-logs-prod"},
		{RotatorRole, "lambda.amazonaws.com", "pipeline-secret-rotator-prod"},
	}
	for _, tt := range tests {
		t.Run(tt.role, func(t *testing.T) {
			r := tm.props(tt.role)
			assert.Equal(t, tt.name, r["RoleName"])
			trust := statements(t, r["AssumeRolePolicyDocument"])
			require.Len(t, trust, 1)
			assert.Equal(t, map[string]any{"Service": []any{tt.service}}, trust[0]["Principal"])
			assert.Equal(t, []any{"sts:AssumeRole"}, trust[0]["Action"])
			assert.Equal(t, ref("AWS::AccountId"),
				trust[0]["Condition"].(map[string]any)["StringEquals"].(map[string]any)["aws:SourceAccount"])
		})
	}
}

func TestAllowStatementsNameTheirActions(t *testing.T) {
	tm := build(t, "prod")
	for _, role := range tm.ofType("AWS::IAM::Role") {
		for _, st := range rolePolicy(t, tm, role) {
			if st["Effect"] != "Allow" {
				continue
			}
			for _, a := range st["Action"].([]any) {
				assert.False(t, strings.Contains(a.(string), "*"), "%s %s allows %s", role, st["Sid"], a)
			}
			if st["Resource"].([]any)[0] == "*" {
				assert.Contains(t, []string{"DescribeVpcNetworkInterfaces", "ManageVpcNetworkInterfaces", "GenerateRandomKeys"},
					st["Sid"], "only EC2 network-interface actions and GetRandomPassword lack resource-level permissions")
			}
		}
	}
}

func TestProcessorPolicy(t *testing.T) {
	tests := []struct {
		env        string
		secretKey  bool
		wantNotRes int
	}{
		{"dev", false, 2},
		{"prod", true, 3},
	}
	for _, tt := range tests {
		t.Run(tt.env, func(t *testing.T) {
			tm := build(t, tt.env)
			stmts := rolePolicy(t, tm, ProcessorRole)
			secret := bySid(t, stmts, "ReadApiSecret")
			assert.Equal(t, []any{"secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"}, secret["Action"])
			assert.Len(t, secret["Resource"], 1)

			var decrypt map[string]any
			for _, s := range stmts {
				if s["Sid"] == "DecryptApiSecret" {
					decrypt = s
				}
			}
			assert.Equal(t, tt.secretKey, decrypt != nil)

			for _, sid := range []string{"DenyUploadsWithoutKMS", "DenyUploadsUnderAnotherKey", "DenyRequestsWithoutTLS", "DenyOtherEnvironmentsKeys"} {
				assert.Equal(t, "Deny", bySid(t, stmts, sid)["Effect"], sid)
			}
			assert.Len(t, bySid(t, stmts, "DenyOtherEnvironmentsKeys")["NotResource"], tt.wantNotRes)
		})
	}
}
