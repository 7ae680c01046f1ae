package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func validEnv() map[string]string {
	return map[string]string{
		EnvEnvironment:  "prod",
		EnvInputBucket:  "input-prod",
		EnvOutputBucket: "output-prod",
		EnvDataKeyARN:   "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
		EnvSecretARN:    "arn:aws:secretsmanager:eu-west-1:111122223333:secret:pipeline/prod-AbCdEf",
		EnvFieldPolicy:  `{"datasets":[{"name":"c","prefix":"c/","format":"jsonl","fields":{"id":"keep"}}]}`,
	}
}

func TestFromEnv(t *testing.T) {
	tests := []struct {
		name     string
		change   map[string]string
		wantErrs []string
	}{
		{name: "valid"},
		{name: "all missing", change: map[string]string{EnvEnvironment: "", EnvInputBucket: "",
			EnvOutputBucket: "", EnvDataKeyARN: "", EnvSecretARN: "", EnvFieldPolicy: ""},
			wantErrs: []string{"ENVIRONMENT is not set", "INPUT_BUCKET is not set", "OUTPUT_BUCKET is not set",
				"DATA_KEY_ARN is not set", "SECRET_ARN is not set", "FIELD_POLICY is not set"}},
		{name: "alias instead of key",
			change:   map[string]string{EnvDataKeyARN: "arn:aws:kms:eu-west-1:111122223333:alias/data"},
			wantErrs: []string{"DATA_KEY_ARN must be a KMS key ARN"}},
		{name: "secret name instead of ARN", change: map[string]string{EnvSecretARN: "pipeline/prod"},
			wantErrs: []string{"SECRET_ARN must be a Secrets Manager secret ARN"}},
		{name: "bad bucket", change: map[string]string{EnvInputBucket: "Input_Bucket"},
			wantErrs: []string{"INPUT_BUCKET must be an S3 bucket name"}},
		{name: "same bucket twice", change: map[string]string{EnvOutputBucket: "input-prod"},
			wantErrs: []string{"must differ"}},
		{name: "key refresh too short", change: map[string]string{EnvKeyRefresh: "10ms"},
			wantErrs: []string{"KEY_REFRESH_INTERVAL must be a duration of at least 1s"}},
		{name: "key refresh not a duration", change: map[string]string{EnvKeyRefresh: "often"},
			wantErrs: []string{"KEY_REFRESH_INTERVAL must be a duration"}},
		{name: "bad policy", change: map[string]string{EnvFieldPolicy: `{"datasets":[]}`},
			wantErrs: []string{"FIELD_POLICY: validate field policy: at least one dataset"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := validEnv()
			for k, v := range tt.change {
				env[k] = v
			}
			c, err := FromEnv(func(k string) string { return env[k] })
			if len(tt.wantErrs) == 0 {
				require.NoError(t, err)
				assert.Equal(t, "input-prod", c.InputBucket)
				require.NotNil(t, c.Policy)
				assert.Equal(t, DefaultKeyRefresh, c.KeyRefresh)
				return
			}
			require.Error(t, err)
			for _, want := range tt.wantErrs {
				assert.ErrorContains(t, err, want)
			}
		})
	}
}
