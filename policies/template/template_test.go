package template

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func load(t *testing.T, name string) *Template {
	t.Helper()
	path := filepath.Join("testdata", "valid", name)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	tpl, err := Parse(path, data)
	require.NoError(t, err)
	return tpl
}

func TestParseShortAndLongFormAgree(t *testing.T) {
	yaml := load(t, "short-form.yaml")
	json := load(t, "long-form.json")
	require.Equal(t, json.IDs(), yaml.IDs())
	for _, id := range json.IDs() {
		assert.Equal(t, json.Resource(id).Properties, yaml.Resource(id).Properties, id)
		assert.Equal(t, json.Resource(id).DeletionPolicy, yaml.Resource(id).DeletionPolicy, id)
	}
	assert.Equal(t, json.Outputs, yaml.Outputs)
}

func TestParseLines(t *testing.T) {
	tests := []struct {
		file string
		id   string
		line int
	}{
		{"short-form.yaml", "Key", 6},
		{"short-form.yaml", "Bucket", 19},
		{"long-form.json", "Key", 5},
		{"long-form.json", "Bucket", 21},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.id, func(t *testing.T) {
			assert.Equal(t, tt.line, load(t, tt.file).Resource(tt.id).Line)
		})
	}
}

func TestParseRejects(t *testing.T) {
	tests := map[string]string{
		"no resources":   `{"Outputs": {}}`,
		"untyped":        `{"Resources": {"A": {"Properties": {}}}}`,
		"broken json":    `{"Resources": {"A": }`,
		"yaml not a map": `- one`,
		"trailing text":  `{"Resources": {"A": {"Type": "AWS::SNS::Topic"}}} {}`,
	}
	for name, src := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := Parse("x", []byte(src))
			assert.Error(t, err)
		})
	}
}

// TestParseErrorsSayWhere reads broken templates and expects each error
// to name the file and the line (and, for JSON, the column) at fault.
func TestParseErrorsSayWhere(t *testing.T) {
	tests := []struct {
		file string
		want string
	}{
		{"unknown-tag.yaml", "parse testdata/invalid/unknown-tag.yaml:6: unknown tag !Bogus: CloudFormation has no intrinsic function Fn::Bogus; " +
			"write one of its short forms (!Ref, !Sub, !GetAtt, !If, ...) or quote the value"},
		{"unclosed.yaml", "parse testdata/invalid/unclosed.yaml:4: did not find expected node content"},
		{"untyped.yaml", "parse testdata/invalid/untyped.yaml:2: resource Bucket has no Type"},
		{"truncated.json", "parse testdata/invalid/truncated.json:6:29: unexpected end of input at offset 119: the JSON stops before the template is closed"},
		{"trailing-comma.json", "parse testdata/invalid/trailing-comma.json:3:42: invalid character '}' looking for beginning of object key string (offset 60)"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("testdata", "invalid", tt.file)
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			_, err = Parse(filepath.ToSlash(path), data)
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
		})
	}
}

func TestText(t *testing.T) {
	tpl := load(t, "short-form.yaml")
	tests := []struct {
		name string
		v    any
		want string
		ok   bool
	}{
		{"join of ref", tpl.Resource("Bucket").Prop("BucketName"), "data-${Suffix}", true},
		{"getatt", tpl.Resource("Bucket").Prop("BucketEncryption", "ServerSideEncryptionConfiguration"), "", false},
		{"sub", tpl.Outputs["Name"].(map[string]any)["Value"], "${Bucket}-${Key.Arn}", true},
		{"select", tpl.Resource("Zone").Prop("AvailabilityZone"), "", false},
		{"number", 90.0, "90", true},
		{"sub with vars", map[string]any{"Fn::Sub": []any{"${A}-${B}", map[string]any{"A": "x"}}}, "x-${B}", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Text(tt.v)
			assert.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestTargetAndReferences(t *testing.T) {
	tpl := load(t, "short-form.yaml")
	id, ok := Target(tpl.Resource("Zone").Prop("VpcId"))
	assert.True(t, ok)
	assert.Equal(t, "Vpc", id)
	id, ok = Target(map[string]any{"Fn::Sub": "${Key.Arn}"})
	assert.True(t, ok)
	assert.Equal(t, "Key", id)

	refs := References(tpl.Outputs["Name"])
	assert.Equal(t, []Reference{
		{Name: "Bucket", Function: "Fn::Sub"},
		{Name: "Key", Attr: "Arn", Function: "Fn::Sub"},
	}, refs)
	assert.False(t, tpl.Declares("Vpc"))
	assert.True(t, tpl.Declares("Suffix"))
	assert.True(t, tpl.Declares("AWS::Region"))
}

func TestPolicies(t *testing.T) {
	tpl := load(t, "short-form.yaml")
	require.Len(t, tpl.Policies(), 1)
	p := tpl.Policies()[0]
	assert.Equal(t, KeyPolicy, p.Kind)
	s := p.Policy.Statements[0]
	assert.True(t, s.Allows())
	assert.True(t, s.Covers("kms:PutKeyPolicy"))
	assert.False(t, s.Covers("s3:GetObject"))
	assert.Equal(t, []string{"kms:*"}, s.Action)
}

func TestMatchWildcard(t *testing.T) {
	tests := []struct {
		pattern, s string
		want       bool
	}{
		{"s3:*", "s3:getobject", true},
		{"s3:get*", "s3:putobject", false},
		{"kms:?ncrypt", "kms:encrypt", true},
		{"*", "", true},
		{"a*b*c", "axxbyyc", true},
		{"a*b*c", "axxbyy", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, MatchWildcard(tt.pattern, tt.s), tt.pattern+" "+tt.s)
	}
}

func TestVariants(t *testing.T) {
	tpl := load(t, "conditions.yaml")
	variants := tpl.Variants()
	require.Len(t, variants, 2, "IsNotProd and Always follow from IsProd and from literals")
	tests := []struct {
		conditions map[string]bool
		cidr       string
		scratch    bool
		key        any
	}{
		{map[string]bool{"IsProd": false}, "10.0.0.0/8", true, "alias/topics"},
		{map[string]bool{"IsProd": true}, "0.0.0.0/0", false, nil},
	}
	for i, tt := range tests {
		v := variants[i]
		t.Run(DescribeConditions(v.Conditions), func(t *testing.T) {
			assert.Equal(t, tt.conditions, v.Conditions)
			rule := List(v.Template.Resource("Group").Prop("SecurityGroupIngress"))[0]
			assert.Equal(t, tt.cidr, Get(rule, "CidrIp"))
			assert.Equal(t, tt.scratch, v.Template.Resource("Scratch") != nil)
			_, hasOutput := v.Template.Outputs["ScratchName"]
			assert.Equal(t, tt.scratch, hasOutput)
			assert.Equal(t, tt.key, v.Template.Resource("Topic").Prop("KmsMasterKeyId"))
			assert.Equal(t, "events", v.Template.Resource("Topic").Prop("TopicName"))
			assert.Equal(t, 22, v.Template.Resource("Topic").Line)
		})
	}
	assert.Len(t, load(t, "short-form.yaml").Variants(), 1)
}
