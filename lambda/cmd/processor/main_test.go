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
		{name: "nothing set", env: map[string]string{}, wantErr: "INPUT_BUCKET is not set"},
		{name: "bad policy", env: map[string]string{"FIELD_POLICY": `{"datasets":[{"name":"a"}]}`},
			wantErr: "FIELD_POLICY: validate field policy"},
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
