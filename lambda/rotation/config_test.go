package rotation

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConfigFromEnv(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		want    Config
		wantErr []string
	}{
		{name: "key field defaults", env: map[string]string{EnvSecretARN: secretARN},
			want: Config{SecretARN: secretARN, KeyField: DefaultKeyField}},
		{name: "key field set", env: map[string]string{EnvSecretARN: secretARN, EnvKeyField: "hmac_key"},
			want: Config{SecretARN: secretARN, KeyField: "hmac_key"}},
		{name: "GovCloud ARN", env: map[string]string{
			EnvSecretARN: "arn:aws-us-gov:secretsmanager:us-gov-west-1:111122223333:secret:p/k-AbCdEf"},
			want: Config{SecretARN: "arn:aws-us-gov:secretsmanager:us-gov-west-1:111122223333:secret:p/k-AbCdEf",
				KeyField: DefaultKeyField}},
		{name: "nothing set", env: map[string]string{}, wantErr: []string{"SECRET_ARN is not set"}},
		{name: "a name, not an ARN", env: map[string]string{EnvSecretARN: "pipeline"},
			wantErr: []string{"SECRET_ARN must be a Secrets Manager secret ARN"}},
		{name: "every problem at once", env: map[string]string{EnvSecretARN: "arn:aws:kms:x", EnvKeyField: "a b"},
			wantErr: []string{"SECRET_ARN must be", "KEY_FIELD must be"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ConfigFromEnv(func(k string) string { return tt.env[k] })
			if tt.wantErr != nil {
				require.Error(t, err)
				for _, want := range tt.wantErr {
					assert.Contains(t, err.Error(), want)
				}
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}
