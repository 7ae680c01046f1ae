package localdeploy

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite golden files")

const motoKeyARN = "arn:aws:kms:us-east-1:123456789012:key/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"

func TestRewriteForMoto(t *testing.T) {
	tests := []struct {
		name      string
		template  string
		want      string
		announced []string
	}{
		{
			name: "key ARN literal in a policy and an environment",
			template: `{"Resources": {"F": {"Type": "AWS::Lambda::Function", "Properties": {
				"Environment": {"Variables": {"K": "` + fixtureKeyARN + `"}}}},
				"R": {"Type": "AWS::IAM::Role", "Properties": {"Policies": [{"PolicyDocument":
				{"Statement": [{"Resource": ["` + fixtureKeyARN + `", "*"]}]}}]}}}}`,
			want: `{"Resources": {"F": {"Type": "AWS::Lambda::Function", "Properties": {
				"Environment": {"Variables": {"K": "` + motoKeyARN + `"}}}},
				"R": {"Type": "AWS::IAM::Role", "Properties": {"Policies": [{"PolicyDocument":
				{"Statement": [{"Resource": ["` + motoKeyARN + `", "*"]}]}}]}}}}`,
			announced: []string{"[key-arn]: 2 string(s)"},
		},
		{
			name: "KMS key tags and policy",
			template: `{"Resources": {"K": {"Type": "AWS::KMS::Key", "Properties": {
				"EnableKeyRotation": true,
				"KeyPolicy": {"Statement": [{"Principal": {"AWS": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}}}]},
				"Tags": [{"Key": "Environment", "Value": "dev"}]}}}}`,
			want: `{"Resources": {"K": {"Type": "AWS::KMS::Key", "Properties": {
				"EnableKeyRotation": true,
				"KeyPolicy": {"Fn::ToJsonString": {"Statement": [{"Principal": {"AWS": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}}}]}},
				"Tags": [{"TagKey": "Environment", "TagValue": "dev"}]}}}}`,
			announced: []string{"[kms-key-tags]: Tags respelled on K", "[kms-key-policy]: KeyPolicy wrapped on K"},
		},
		{
			name: "KMS key policy already a string",
			template: `{"Resources": {"K": {"Type": "AWS::KMS::Key", "Properties": {
				"KeyPolicy": "{}"}}}}`,
			want: `{"Resources": {"K": {"Type": "AWS::KMS::Key", "Properties": {
				"KeyPolicy": "{}"}}}}`,
		},
		{
			name: "log group key",
			template: `{"Resources": {"G": {"Type": "AWS::Logs::LogGroup", "Properties": {
				"KmsKeyId": {"Fn::GetAtt": ["K", "Arn"]}, "RetentionInDays": 90}}}}`,
			want: `{"Resources": {"G": {"Type": "AWS::Logs::LogGroup", "Properties": {
				"kmsKeyId": {"Fn::GetAtt": ["K", "Arn"]}, "RetentionInDays": 90}}}}`,
			announced: []string{"[log-group-kms-key]: KmsKeyId respelled on G"},
		},
		{
			name: "nothing moto needs",
			template: `{"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {
				"Tags": [{"Key": "Environment", "Value": "dev"}]}}}}`,
			want: `{"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {
				"Tags": [{"Key": "Environment", "Value": "dev"}]}}}}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmpl, err := ParseTemplate([]byte(tt.template))
			require.NoError(t, err)
			want, err := ParseTemplate([]byte(tt.want))
			require.NoError(t, err)

			var out bytes.Buffer
			rewriteForMoto(&out, tmpl, fixtureKeyARN, motoKeyARN)

			assert.Equal(t, want.doc, tmpl.doc)
			for _, a := range tt.announced {
				assert.Contains(t, out.String(), "moto workaround "+a)
			}
			if len(tt.announced) == 0 {
				assert.Empty(t, out.String())
			}
		})
	}
}

// TestRewriteFixtureGolden pins moto's copy of the fixture and what the
// harness says about it; run with -update after a deliberate change.
func TestRewriteFixtureGolden(t *testing.T) {
	tmpl, err := LoadTemplate(fixture)
	require.NoError(t, err)

	var notes bytes.Buffer
	rewriteForMoto(&notes, tmpl, fixtureKeyARN, motoKeyARN)
	data, err := tmpl.Marshal()
	require.NoError(t, err)

	golden(t, filepath.Join("testdata", "golden", "pipeline-dev.moto.json"), data)
	golden(t, filepath.Join("testdata", "golden", "pipeline-dev.workarounds.txt"), notes.Bytes())
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create %s", path)
	assert.Equal(t, string(want), string(got))
}
