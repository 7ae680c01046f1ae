package rotation

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// panicky panics on every step.
type panicky struct{}

func (panicky) Rotate(context.Context, Event) (Outcome, error) { panic("rotation bug") }

func TestHandle(t *testing.T) {
	tests := []struct {
		name      string
		steps     func(f *fakeSecrets) Stepper
		ev        Event
		wantErr   string
		wantEntry map[string]any
	}{
		{name: "a step done", ev: event(StepCreate, token2),
			wantEntry: map[string]any{"level": "INFO", "msg": "rotation step done", "requestId": "req-1",
				"step": StepCreate, "versionId": token2, "outcome": string(Created)}},
		{name: "a step failed", ev: event(StepFinish, token2), wantErr: "get AWSPENDING value",
			wantEntry: map[string]any{"level": "ERROR", "msg": "rotation step failed", "requestId": "req-1",
				"step": StepFinish, "versionId": token2}},
		{name: "another secret", ev: Event{SecretID: "arn:aws:secretsmanager:eu-west-1:1:secret:x", Step: StepCreate,
			ClientRequestToken: token2}, wantErr: ErrOtherSecret.Error(),
			wantEntry: map[string]any{"level": "ERROR", "error": ErrOtherSecret.Error(), "step": StepCreate}},
		{name: "malformed event fields are not logged", ev: event("drop table", "x\ny"),
			wantErr:   ErrUnknownStep.Error(),
			wantEntry: map[string]any{"level": "ERROR", "step": nil, "versionId": nil}},
		{name: "a panic", ev: event(StepSet, token2), wantErr: "rotation step panicked: rotation bug",
			steps:     func(*fakeSecrets) Stepper { return panicky{} },
			wantEntry: map[string]any{"level": "ERROR", "msg": "rotation step failed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(currentValue)
			var steps Stepper = New(f, secretARN, DefaultKeyField)
			if tt.steps != nil {
				steps = tt.steps(f)
			}
			var out bytes.Buffer
			h := NewHandler(steps, slog.New(slog.NewJSONHandler(&out, nil)))
			ctx := lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{AwsRequestID: "req-1"})

			err := h.Handle(ctx, tt.ev)
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
			} else {
				require.NoError(t, err)
			}

			lines := strings.Split(strings.TrimSpace(out.String()), "\n")
			require.Len(t, lines, 1, "one log line per invocation")
			var entry map[string]any
			require.NoError(t, json.Unmarshal([]byte(lines[0]), &entry))
			for k, v := range tt.wantEntry {
				assert.Equal(t, v, entry[k], k)
			}
			assert.Contains(t, entry, "durationMs")
			assert.NotContains(t, out.String(), secretARN, "the log does not name the secret")
			assertNoSecret(t, f, out.String())
		})
	}
}

func TestHandleLogsNoSecretThroughAFullRotation(t *testing.T) {
	f := newFake(currentValue)
	var out bytes.Buffer
	h := NewHandler(New(f, secretARN, DefaultKeyField), slog.New(slog.NewJSONHandler(&out, nil)))
	for _, step := range []string{StepCreate, StepSet, StepTest, StepFinish, StepFinish} {
		require.NoError(t, h.Handle(context.Background(), event(step, token2)))
	}
	assertNoSecret(t, f, out.String())
	assert.NotContains(t, out.String(), f.value(token2))
	assert.Equal(t, 5, strings.Count(out.String(), "\n"))
}
