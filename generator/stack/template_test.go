package stack

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/securepipe/securepipe/generator/spec"
)

// untaggable are the resource types of the stack that CloudFormation cannot
// tag; every other resource must carry the three tags.
var untaggable = map[string]bool{
	"AWS::KMS::Alias":                       true,
	"AWS::S3::BucketPolicy":                 true,
	"AWS::SQS::QueuePolicy":                 true,
	"AWS::SNS::TopicPolicy":                 true,
	"AWS::SNS::Subscription":                true,
	"AWS::EC2::SubnetRouteTableAssociation": true,
	"AWS::EC2::SecurityGroupEgress":         true,
	"AWS::Lambda::Permission":               true,
	"AWS::SecretsManager::RotationSchedule": true,
}

func TestEveryTaggableResourceIsTagged(t *testing.T) {
	tm := build(t, "prod")
	for id, r := range tm.Resources {
		if untaggable[r.Type] {
			assert.NotContains(t, r.Properties, "Tags", id)
			continue
		}
		tags := map[string]any{}
		list, ok := r.Properties["Tags"].([]any)
		require.True(t, ok, "%s (%s) has no Tags", id, r.Type)
		for _, tag := range list {
			tag := tag.(map[string]any)
			tags[tag["Key"].(string)] = tag["Value"]
		}
		assert.Equal(t, "prod", tags["Environment"], id)
		assert.Equal(t, "restricted", tags["DataClassification"], id)
		assert.Equal(t, "data-platform@example.com", tags["Owner"], id)
	}
}

func TestNothingIsRetained(t *testing.T) {
	tm := build(t, "dev")
	for id, r := range tm.Resources {
		assert.Equal(t, "Delete", r.DeletionPolicy, id)
		assert.Equal(t, "Delete", r.UpdateReplacePolicy, id)
	}
}

func TestGuardRails(t *testing.T) {
	tests := []struct {
		env  string
		want map[string]any
	}{
		{"dev", map[string]any{RuleRegion: regionRule}},
		{"prod", map[string]any{RuleRegion: regionRule, RuleAccount: map[string]any{"Assertions": []any{map[string]any{
			"Assert":            map[string]any{"Fn::Equals": []any{ref("AWS::AccountId"), "333333333333"}},
			"AssertDescription": "The prod environment deploys only to account 333333333333.",
		}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.env, func(t *testing.T) {
			assert.Equal(t, tt.want, build(t, tt.env).Rules)
		})
	}
}

var regionRule = map[string]any{"Assertions": []any{map[string]any{
	"Assert":            map[string]any{"Fn::Equals": []any{ref("AWS::Region"), "us-east-1"}},
	"AssertDescription": "This stack deploys only to us-east-1.",
}}}

func TestOutputsExportWithSuffix(t *testing.T) {
	tm := build(t, "prod")
	require.NotEmpty(t, tm.Outputs)
	for id, o := range tm.Outputs {
		name := o.(map[string]any)["Export"].(map[string]any)["Name"].(string)
		assert.Equal(t, "pipeline-"+id+"-prod", name)
	}
}

func TestPhysicalNamesEndWithSuffix(t *testing.T) {
	nameProps := []string{"FunctionName", "RoleName", "QueueName", "LogGroupName", "AliasName", "TrailName", "GroupName", "BucketName"}
	tm := build(t, "prod")
	for id, r := range tm.Resources {
		for _, p := range nameProps {
			v, ok := r.Properties[p]
			if !ok {
				continue
			}
			if fn, isFn := v.(map[string]any); isFn {
				_, isRef := fn["Ref"]
				_, isGetAtt := fn["Fn::GetAtt"]
				if isRef || isGetAtt {
					continue // the referenced resource's own name is checked
				}
				v = fn["Fn::Sub"]
			}
			assert.True(t, strings.HasSuffix(v.(string), "-prod"), "%s %s = %v", id, p, v)
		}
	}
}

func TestMetadataAndDeterminism(t *testing.T) {
	s, err := spec.Load("testdata/spec.yaml")
	require.NoError(t, err)
	env, err := s.Env("prod")
	require.NoError(t, err)
	render := func() []byte {
		doc, err := Build(s, env)
		require.NoError(t, err)
		out, err := doc.Render()
		require.NoError(t, err)
		return out
	}
	first := render()
	assert.Equal(t, first, render(), "the same spec renders the same bytes")

	var tm struct{ Metadata map[string]map[string]any }
	require.NoError(t, json.Unmarshal(first, &tm))
	assert.Equal(t, Version, tm.Metadata["Generator"]["Version"])
	assert.Equal(t, s.SHA256, tm.Metadata["Spec"]["SHA256"])
}
