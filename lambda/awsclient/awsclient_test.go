package awsclient

import (
	"bytes"
	"log/slog"
	"testing"

	"github.com/aws/smithy-go/logging"
	"github.com/stretchr/testify/assert"
)

func TestSDKLoggerKeepsWarningsOnly(t *testing.T) {
	tests := []struct {
		name  string
		class logging.Classification
		want  string
	}{
		{"warning reaches the log", logging.Warn, `"level":"WARN","msg":"retrying 3 times","source":"aws-sdk"`},
		{"debug is dropped", logging.Debug, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			sdkLogger(slog.New(slog.NewJSONHandler(&buf, nil))).Logf(tt.class, "retrying %d times", 3)
			if tt.want == "" {
				assert.Empty(t, buf.String())
				return
			}
			assert.Contains(t, buf.String(), tt.want)
		})
	}
}
