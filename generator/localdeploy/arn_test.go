package localdeploy

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	fixtureSecretARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:pipeline/dev/api-AbCdEf"
	fixtureKeyARN    = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
)

func TestParseSecretARN(t *testing.T) {
	tests := []struct {
		name    string
		arn     string
		want    SecretARN
		wantErr bool
	}{
		{name: "fixture", arn: fixtureSecretARN, want: SecretARN{ARN: fixtureSecretARN,
			Region: "us-east-1", Account: "123456789012", Name: "pipeline/dev/api", Suffix: "AbCdEf"}},
		{name: "name with dashes", arn: "arn:aws:secretsmanager:eu-west-1:210987654321:secret:a-b-c-x1Y2z3",
			want: SecretARN{ARN: "arn:aws:secretsmanager:eu-west-1:210987654321:secret:a-b-c-x1Y2z3",
				Region: "eu-west-1", Account: "210987654321", Name: "a-b-c", Suffix: "x1Y2z3"}},
		{name: "no suffix", arn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:pipeline",
			wantErr: true},
		{name: "wildcard suffix", arn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:api-??????",
			wantErr: true},
		{name: "key ARN", arn: fixtureKeyARN, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseSecretARN(tt.arn)
			if tt.wantErr {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseKeyARN(t *testing.T) {
	tests := []struct {
		name    string
		arn     string
		want    KeyARN
		wantErr bool
	}{
		{name: "fixture", arn: fixtureKeyARN, want: KeyARN{ARN: fixtureKeyARN, Region: "us-east-1",
			Account: "123456789012", ID: "11111111-2222-3333-4444-555555555555"}},
		{name: "multi-region", arn: "arn:aws:kms:us-east-1:123456789012:key/mrk-0123456789abcdef0123456789abcdef",
			wantErr: true},
		{name: "alias", arn: "arn:aws:kms:us-east-1:123456789012:alias/data", wantErr: true},
		{name: "secret ARN", arn: fixtureSecretARN, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseKeyARN(tt.arn)
			if tt.wantErr {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestLiteralARNs(t *testing.T) {
	tmpl, err := LoadTemplate(fixture)
	require.NoError(t, err)

	secrets, keys := tmpl.LiteralARNs()
	assert.Equal(t, []string{fixtureSecretARN}, secrets)
	assert.Equal(t, []string{fixtureKeyARN}, keys)
}

func TestExternalResources(t *testing.T) {
	two := `{"Resources": {"F": {"Type": "AWS::Lambda::Function", "Properties": {"Environment":
		{"Variables": {"A": "` + fixtureSecretARN + `", "B": "` + fixtureSecretARN + `x",
		"C": "arn:aws:secretsmanager:us-east-1:123456789012:secret:other-QwErTy", "K": "` + fixtureKeyARN + `"}}}}}}`
	none := `{"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}`
	otherRegion := `{"Resources": {"F": {"Type": "AWS::Lambda::Function", "Properties": {"Environment":
		{"Variables": {"A": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:api-AbCdEf",
		"K": "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"}}}}}}`

	tests := []struct {
		name       string
		template   string
		opts       Options
		wantSecret string
		wantErr    string
	}{
		{name: "from the fixture", template: "", wantSecret: fixtureSecretARN},
		{name: "two secrets, none chosen", template: two, wantErr: "the template names 2"},
		{name: "two secrets, one chosen", template: two, opts: Options{SecretARN: fixtureSecretARN},
			wantSecret: fixtureSecretARN},
		{name: "none in the template", template: none, wantErr: "set Options.SecretARN"},
		{name: "none in the template, both given", template: none,
			opts:       Options{SecretARN: fixtureSecretARN, SecretKeyARN: fixtureKeyARN},
			wantSecret: fixtureSecretARN},
		{name: "other region", template: otherRegion, wantErr: "deploys to us-east-1 only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmpl, err := LoadTemplate(fixture)
			require.NoError(t, err)
			if tt.template != "" {
				tmpl, err = ParseTemplate([]byte(tt.template))
				require.NoError(t, err)
			}

			secret, key, err := externalResources(tt.opts, tmpl)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.wantSecret, secret.ARN)
			assert.Equal(t, fixtureKeyARN, key.ARN)
		})
	}
}
