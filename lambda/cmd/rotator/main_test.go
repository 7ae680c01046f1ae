package main

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRunRefusesBadConfiguration(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		wantErr string
	}{
		{name: "nothing set", env: map[string]string{}, wantErr: "SECRET_ARN is not set"},
		{name: "not an ARN", env: map[string]string{"SECRET_ARN": "pipeline-secret"},
			wantErr: "SECRET_ARN must be a Secrets Manager secret ARN"},
		{name: "bad key field", env: map[string]string{
			"SECRET_ARN": "arn:aws:secretsmanager:eu-west-1:111122223333:secret:pipeline-AbCdEf",
			"KEY_FIELD":  `key"field`}, wantErr: "KEY_FIELD must be"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			code := run(func(k string) string { return tt.env[k] }, &out)
			assert.Equal(t, 1, code)

			var entry map[string]any
			require.NoError(t, json.Unmarshal(out.Bytes(), &entry), "the failure is one JSON log line")
			assert.Equal(t, "ERROR", entry["level"])
			assert.Contains(t, entry["error"], tt.wantErr)
		})
	}
}
