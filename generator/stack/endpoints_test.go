package stack

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEndpoints(t *testing.T) {
	tm := build(t, "prod")
	s3 := tm.props(S3Endpoint)
	assert.Equal(t, "Gateway", s3["VpcEndpointType"])
	assert.Equal(t, []any{ref(RouteTable(0)), ref(RouteTable(1)), ref(RouteTable(2))}, s3["RouteTableIds"])

	for _, svc := range []string{"kms", "lambda", "secretsmanager"} {
		t.Run(svc, func(t *testing.T) {
			var found map[string]any
			for _, id := range tm.ofType("AWS::EC2::VPCEndpoint") {
				p := tm.props(id)
				if p["ServiceName"].(map[string]any)["Fn::Sub"] == "com.amazonaws.${AWS::Region}."+svc {
					found = p
				}
			}
			require.NotNil(t, found, "no endpoint for %s", svc)
			assert.Equal(t, "Interface", found["VpcEndpointType"])
			assert.Equal(t, true, found["PrivateDnsEnabled"])
			assert.Equal(t, []any{ref(Subnet(0)), ref(Subnet(1)), ref(Subnet(2))}, found["SubnetIds"])
			for _, s := range InterfaceServices {
				if s.Name == svc {
					assert.Equal(t, []any{getAtt(EndpointGroup(s), "GroupId")}, found["SecurityGroupIds"])
				}
			}
		})
	}
}

func TestEndpointPoliciesAdmitOnlyThisAccount(t *testing.T) {
	tm := build(t, "prod")
	rotator := map[string]any{"aws:PrincipalArn": map[string]any{
		"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/pipeline-secret-rotator-prod"}}
	for _, id := range tm.ofType("AWS::EC2::VPCEndpoint") {
		for _, st := range statements(t, tm.props(id)["PolicyDocument"]) {
			assert.Equal(t, "*", st["Principal"], id)
			cond := st["Condition"].(map[string]any)
			assert.Equal(t, map[string]any{"aws:PrincipalAccount": ref("AWS::AccountId")}, cond["StringEquals"], id)
			if st["Sid"] == "RotatorWritesThisEnvironmentsSecret" || st["Sid"] == "RotatorGeneratesKeys" {
				assert.Equal(t, rotator, cond["ArnEquals"], "only the rotator writes the secret")
			} else {
				assert.Len(t, cond, 1, id)
			}
			if st["Sid"] != "RotatorGeneratesKeys" {
				assert.NotContains(t, st["Resource"], "*", "%s names its resources", id)
			}
		}
	}
	secret := []any{"arn:aws:secretsmanager:us-east-1:333333333333:secret:pipeline/prod/api-Ij56Kl"}
	secrets := statements(t, tm.props("SecretsManagerEndpoint")["PolicyDocument"])
	require.Len(t, secrets, 3)
	assert.Equal(t, secret, bySid(t, secrets, "ReadThisEnvironmentsSecret")["Resource"])
	write := bySid(t, secrets, "RotatorWritesThisEnvironmentsSecret")
	assert.Equal(t, secret, write["Resource"])
	assert.Equal(t, []any{"secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"}, write["Action"])
	assert.Equal(t, []any{"secretsmanager:GetRandomPassword"}, bySid(t, secrets, "RotatorGeneratesKeys")["Action"])
}

func TestSecurityGroupsAllowHTTPSOnly(t *testing.T) {
	tm := build(t, "prod")
	fn := tm.props(FunctionSecurityGroup)
	require.Len(t, fn["SecurityGroupEgress"], 1, "inline egress replaces the allow-all default")
	assert.Equal(t, ref(ParamS3PrefixList), fn["SecurityGroupEgress"].([]any)[0].(map[string]any)["DestinationPrefixListId"])
	assert.Empty(t, fn["SecurityGroupIngress"], "nothing calls the processor over the network")

	rules := fn["SecurityGroupEgress"].([]any)
	for _, s := range InterfaceServices {
		t.Run(s.Name, func(t *testing.T) {
			ep := tm.props(EndpointGroup(s))
			assert.Equal(t, "pipeline-"+s.Name+"-endpoint-prod", ep["GroupName"])
			require.Len(t, ep["SecurityGroupEgress"], 1)
			rules = append(rules, ep["SecurityGroupEgress"].([]any)...)
			for _, c := range []Caller{ProcessorCaller, RotatorCaller} {
				_, hasRule := tm.Resources[EndpointEgress(c, s)]
				assert.Equal(t, slices.Contains(s.Callers, c), hasRule, "%s reaches only the endpoints it calls", c.Title)
			}
			ingress, _ := ep["SecurityGroupIngress"].([]any)
			require.Len(t, ingress, len(s.Callers), "the endpoint admits its callers only")
			for i, c := range s.Callers {
				assert.Equal(t, getAtt(c.Group, "GroupId"), ingress[i].(map[string]any)["SourceSecurityGroupId"])
				rule := tm.props(EndpointEgress(c, s))
				assert.Equal(t, getAtt(c.Group, "GroupId"), rule["GroupId"])
				assert.Equal(t, getAtt(EndpointGroup(s), "GroupId"), rule["DestinationSecurityGroupId"])
				rules = append(rules, ingress[i], rule)
			}
		})
	}
	for _, r := range rules {
		r := r.(map[string]any)
		assert.Equal(t, "tcp", r["IpProtocol"])
		assert.EqualValues(t, 443, r["FromPort"])
		assert.EqualValues(t, 443, r["ToPort"])
		assert.NotEqual(t, "0.0.0.0/0", r["CidrIp"])
		assert.NotContains(t, r, "CidrIpv6")
	}
}
