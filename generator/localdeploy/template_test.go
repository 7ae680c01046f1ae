package localdeploy

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const fixture = "testdata/valid/pipeline-dev.json"

func TestParseTemplate(t *testing.T) {
	tests := []struct {
		name    string
		json    string
		wantErr string
	}{
		{name: "resources", json: `{"Resources": {"A": {"Type": "AWS::SQS::Queue"}}}`},
		{name: "no resources", json: `{"Parameters": {}}`, wantErr: "no Resources section"},
		{name: "not JSON", json: `Resources: {}`, wantErr: "decode JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseTemplate([]byte(tt.json))
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
		})
	}
}

func TestResourcesOfType(t *testing.T) {
	tmpl, err := LoadTemplate(fixture)
	require.NoError(t, err)

	tests := []struct {
		typ  string
		want []string
	}{
		{"AWS::KMS::Key", []string{"DataKey", "LogsKey"}},
		{"AWS::S3::Bucket", []string{"AuditBucket", "DataBucket"}},
		{"AWS::EC2::VPCEndpoint", []string{"KmsEndpoint", "LambdaEndpoint", "S3GatewayEndpoint",
			"SecretsManagerEndpoint"}},
		{"AWS::Logs::LogGroup", []string{"FlowLogGroup", "FunctionLogGroup"}},
		{"AWS::Lambda::Function", []string{"ProcessorFunction"}},
		{"AWS::CloudTrail::Trail", []string{"AuditTrail"}},
		{"AWS::Nothing::Here", nil},
	}
	for _, tt := range tests {
		t.Run(tt.typ, func(t *testing.T) {
			var got []string
			for _, r := range tmpl.ResourcesOfType(tt.typ) {
				assert.Equal(t, tt.typ, r.Type)
				assert.NotNil(t, r.Properties)
				got = append(got, r.LogicalID)
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestTemplateParameters(t *testing.T) {
	tmpl, err := LoadTemplate(fixture)
	require.NoError(t, err)

	assert.True(t, tmpl.HasParameter("ArtifactBucket"))
	assert.True(t, tmpl.HasParameter("ArtifactKey"))
	assert.False(t, tmpl.HasParameter("Nope"))
	assert.Equal(t, map[string]string{"S3PrefixListId": "pl-63a5400a"}, tmpl.ParameterDefaults())
}

func TestCloneLeavesOriginal(t *testing.T) {
	tmpl, err := LoadTemplate(fixture)
	require.NoError(t, err)
	before, err := tmpl.Marshal()
	require.NoError(t, err)

	cp := tmpl.Clone()
	cp.ResourcesOfType("AWS::KMS::Key")[0].Properties["Description"] = "changed"

	after, err := tmpl.Marshal()
	require.NoError(t, err)
	assert.Equal(t, string(before), string(after))
	assert.Equal(t, filepath.Clean(fixture), filepath.Clean(cp.Path))
}

func TestMarshalKeepsNumbers(t *testing.T) {
	tmpl, err := ParseTemplate([]byte(`{"Resources": {"Q": {"Type": "AWS::SQS::Queue",
		"Properties": {"MessageRetentionPeriod": 1209600, "DelaySeconds": 0.5}}}}`))
	require.NoError(t, err)

	out, err := tmpl.Marshal()
	require.NoError(t, err)
	assert.Contains(t, string(out), `"MessageRetentionPeriod": 1209600`)
	assert.Contains(t, string(out), `"DelaySeconds": 0.5`)
}
