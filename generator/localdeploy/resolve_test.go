package localdeploy

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func testResolver() resolver {
	return resolver{
		account: "123456789012",
		stack:   "securepipe-dev",
		types: map[string]string{
			"DataKey": "AWS::KMS::Key", "Queue": "AWS::SQS::Queue", "Group": "AWS::Logs::LogGroup",
			"Sg": "AWS::EC2::SecurityGroup", "Trail": "AWS::CloudTrail::Trail",
		},
		physical: map[string]string{
			"DataKey": "0e1f", "Queue": "https://sqs.us-east-1.amazonaws.com/123456789012/ingest",
			"Group": "/aws/lambda/p", "Sg": "sg-1",
		},
		params:   map[string]string{"ArtifactBucket": "artifacts"},
		literals: map[string]string{fixtureKeyARN: motoKeyARN},
	}
}

func TestResolverStr(t *testing.T) {
	tests := []struct {
		name    string
		expr    string
		want    string
		wantErr string
	}{
		{name: "literal", expr: `"plain"`, want: "plain"},
		{name: "number", expr: `90`, want: "90"},
		{name: "literal key ARN", expr: `"` + fixtureKeyARN + `"`, want: motoKeyARN},
		{name: "ref resource", expr: `{"Ref": "DataKey"}`, want: "0e1f"},
		{name: "ref parameter", expr: `{"Ref": "ArtifactBucket"}`, want: "artifacts"},
		{name: "ref pseudo", expr: `{"Ref": "AWS::Region"}`, want: "us-east-1"},
		{name: "ref skipped resource", expr: `{"Ref": "Trail"}`, wantErr: "the stack has no such resource"},
		{name: "ref unknown", expr: `{"Ref": "Nope"}`, wantErr: "no such parameter or resource"},
		{name: "key arn", expr: `{"Fn::GetAtt": ["DataKey", "Arn"]}`,
			want: "arn:aws:kms:us-east-1:123456789012:key/0e1f"},
		{name: "queue arn, dotted", expr: `{"Fn::GetAtt": "Queue.Arn"}`,
			want: "arn:aws:sqs:us-east-1:123456789012:ingest"},
		{name: "log group arn", expr: `{"Fn::GetAtt": ["Group", "Arn"]}`,
			want: "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/p:*"},
		{name: "group id", expr: `{"Fn::GetAtt": ["Sg", "GroupId"]}`, want: "sg-1"},
		{name: "unknown attribute", expr: `{"Fn::GetAtt": ["Sg", "VpcId"]}`, wantErr: "not supported"},
		{name: "sub", expr: `{"Fn::Sub": "com.amazonaws.${AWS::Region}.kms"}`, want: "com.amazonaws.us-east-1.kms"},
		{name: "sub with attribute and literal", expr: `{"Fn::Sub": "${DataKey.Arn}/${!Literal}"}`,
			want: "arn:aws:kms:us-east-1:123456789012:key/0e1f/${Literal}"},
		{name: "sub with variables", expr: `{"Fn::Sub": ["${A}-${AWS::AccountId}", {"A": {"Ref": "Sg"}}]}`,
			want: "sg-1-123456789012"},
		{name: "join", expr: `{"Fn::Join": ["/", ["a", {"Ref": "Sg"}]]}`, want: "a/sg-1"},
		{name: "unsupported function", expr: `{"Fn::Select": [0, ["a"]]}`, wantErr: "not supported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var expr any
			dec := json.NewDecoder(strings.NewReader(tt.expr))
			dec.UseNumber()
			require.NoError(t, dec.Decode(&expr))

			got, err := testResolver().str(expr)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestResolverStrs(t *testing.T) {
	got, err := testResolver().strs([]any{map[string]any{"Ref": "Sg"}, "sg-2"})
	require.NoError(t, err)
	assert.Equal(t, []string{"sg-1", "sg-2"}, got)

	_, err = testResolver().strs("sg-1")
	require.ErrorContains(t, err, "not a list")
}

func TestSameSet(t *testing.T) {
	tests := []struct {
		name string
		a, b []string
		want bool
	}{
		{"same order", []string{"a", "b"}, []string{"a", "b"}, true},
		{"other order", []string{"b", "a"}, []string{"a", "b"}, true},
		{"different", []string{"a", "c"}, []string{"a", "b"}, false},
		{"shorter", []string{"a"}, []string{"a", "b"}, false},
		{"both empty", nil, []string{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, sameSet(tt.a, tt.b))
		})
	}
}
