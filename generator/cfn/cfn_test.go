package cfn

import (
	"encoding/json"
	"testing"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/ec2"
	"github.com/awslabs/goformation/v7/cloudformation/lambda"
	"github.com/awslabs/goformation/v7/cloudformation/s3"
	"github.com/awslabs/goformation/v7/cloudformation/tags"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// render builds a document with the given resources and returns the
// rendered template decoded.
func render(t *testing.T, d *Document) map[string]any {
	t.Helper()
	out, err := d.Render()
	require.NoError(t, err)
	var got map[string]any
	require.NoError(t, json.Unmarshal(out, &got))
	return got
}

func resource(t *testing.T, tmpl map[string]any, id string) map[string]any {
	t.Helper()
	r, ok := tmpl["Resources"].(map[string]any)[id].(map[string]any)
	require.True(t, ok, "resource %s missing", id)
	return r
}

func TestTaggedAddsTagsToProperties(t *testing.T) {
	tests := []struct {
		name     string
		resource Taggable
		wantType string
	}{
		{"vpc endpoint", &VPCEndpoint{Resource: &ec2.VPCEndpoint{
			VpcId: cloudformation.Ref("Vpc"), ServiceName: cloudformation.Sub("com.amazonaws.${AWS::Region}.kms"),
		}, Tags: []tags.Tag{{Key: "Owner", Value: "team"}}}, "AWS::EC2::VPCEndpoint"},
		{"event source mapping", &EventSourceMapping{Resource: &lambda.EventSourceMapping{
			FunctionName: cloudformation.Ref("Fn"),
		}, Tags: []tags.Tag{{Key: "Owner", Value: "team"}}}, "AWS::Lambda::EventSourceMapping"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := New("test")
			d.Add("R", tt.resource)
			r := resource(t, render(t, d), "R")
			assert.Equal(t, tt.wantType, r["Type"])
			assert.Equal(t, "Delete", r["DeletionPolicy"])
			assert.Equal(t, "Delete", r["UpdateReplacePolicy"])
			props := r["Properties"].(map[string]any)
			assert.Equal(t, []any{map[string]any{"Key": "Owner", "Value": "team"}}, props["Tags"])
		})
	}
}

// Taggable is any resource wrapped by Tagged.
type Taggable interface {
	cloudformation.Resource
	setDeletePolicies() error
}

func TestTaggedRendersIntrinsics(t *testing.T) {
	d := New("test")
	d.Add("E", &VPCEndpoint{Resource: &ec2.VPCEndpoint{
		VpcId:       cloudformation.Ref("Vpc"),
		ServiceName: cloudformation.Sub("com.amazonaws.${AWS::Region}.kms"),
	}})
	props := resource(t, render(t, d), "E")["Properties"].(map[string]any)
	assert.Equal(t, map[string]any{"Ref": "Vpc"}, props["VpcId"])
	assert.Equal(t, map[string]any{"Fn::Sub": "com.amazonaws.${AWS::Region}.kms"}, props["ServiceName"])
	assert.NotContains(t, props, "Tags", "no Tags property when there are no tags")
}

func TestAddSetsDeletePolicies(t *testing.T) {
	d := New("test")
	d.Add("Bucket", &s3.Bucket{})
	r := resource(t, render(t, d), "Bucket")
	assert.Equal(t, "Delete", r["DeletionPolicy"])
	assert.Equal(t, "Delete", r["UpdateReplacePolicy"])
}

func TestAddRejectsDuplicateIDs(t *testing.T) {
	d := New("test")
	d.Add("Bucket", &s3.Bucket{})
	d.Add("Bucket", &s3.Bucket{})
	_, err := d.Render()
	require.EqualError(t, err, "logical ID Bucket is used twice")
}

func TestRulesRenderConditionFunctions(t *testing.T) {
	d := New("test")
	d.Rules["OnlyUsEast1"] = Rule{Assertions: []Assertion{{
		Assert:            cloudformation.Equals(cloudformation.Ref("AWS::Region"), "us-east-1"),
		AssertDescription: "us-east-1 only",
	}}}
	got := render(t, d)["Rules"].(map[string]any)["OnlyUsEast1"]
	want := map[string]any{"Assertions": []any{map[string]any{
		"Assert":            map[string]any{"Fn::Equals": []any{map[string]any{"Ref": "AWS::Region"}, "us-east-1"}},
		"AssertDescription": "us-east-1 only",
	}}}
	assert.Equal(t, want, got)
}

func TestPolicyJSON(t *testing.T) {
	tests := []struct {
		name string
		stmt Statement
		want string
	}{
		{"anyone with condition", Deny("NoTLS", []string{"s3:*"}, []string{"arn"}).
			For(Principal{Anyone: true}).When(Condition{"Bool": {"aws:SecureTransport": false}}),
			`{"Sid":"NoTLS","Effect":"Deny","Principal":"*","Action":["s3:*"],"Resource":["arn"],"Condition":{"Bool":{"aws:SecureTransport":false}}}`},
		{"service principal", Allow("S3", []string{"sqs:SendMessage"}, []string{"q"}).
			For(Principal{Service: []string{"s3.amazonaws.com"}}),
			`{"Sid":"S3","Effect":"Allow","Principal":{"Service":["s3.amazonaws.com"]},"Action":["sqs:SendMessage"],"Resource":["q"]}`},
		{"not resource", Statement{Effect: "Deny", Action: []string{"kms:*"}, NotResource: []string{"k"}},
			`{"Effect":"Deny","Action":["kms:*"],"NotResource":["k"]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := json.Marshal(tt.stmt)
			require.NoError(t, err)
			assert.JSONEq(t, tt.want, string(got))
		})
	}
}
