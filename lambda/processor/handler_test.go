package processor

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// scriptedProcessor fails or panics on the keys it is told to and notes
// every object it is asked to process.
type scriptedProcessor struct {
	fail  map[string]error
	panic map[string]bool
	seen  []Object
}

func (s *scriptedProcessor) Process(_ context.Context, obj Object) (Result, error) {
	s.seen = append(s.seen, obj)
	if s.panic[obj.Key] {
		panic("processor bug")
	}
	if err := s.fail[obj.Key]; err != nil {
		return Result{}, err
	}
	return Result{Manifest: Manifest{RecordsRead: 2, RecordsWritten: 2}}, nil
}

func s3Message(id, bucket, key, version string) events.SQSMessage {
	body, _ := json.Marshal(map[string]any{"Records": []any{map[string]any{
		"eventVersion": "2.1", "eventSource": "aws:s3", "eventName": "ObjectCreated:Put",
		"s3": map[string]any{"bucket": map[string]any{"name": bucket},
			"object": map[string]any{"key": key, "versionId": version, "size": 10}},
	}}})
	return events.SQSMessage{MessageId: id, Body: string(body)}
}

func TestHandle(t *testing.T) {
	testEvent := events.SQSMessage{MessageId: "t",
		Body: `{"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2025-01-01T00:00:00.000Z","Bucket":"in"}`}
	removed := s3Message("r", "in", "customers/a.jsonl", "v1")
	removed.Body = strings.Replace(removed.Body, "ObjectCreated:Put", "ObjectRemoved:Delete", 1)

	tests := []struct {
		name       string
		messages   []events.SQSMessage
		fail       map[string]error
		panic      map[string]bool
		timeLeft   time.Duration // zero: no deadline
		wantFailed []string
		wantSeen   []Object
	}{
		{name: "all good",
			messages: []events.SQSMessage{s3Message("1", "in", "customers/a.jsonl", "v1"),
				s3Message("2", "in", "customers/b.jsonl", "v2")},
			wantSeen: []Object{{"in", "customers/a.jsonl", "v1"}, {"in", "customers/b.jsonl", "v2"}}},
		{name: "one failure fails only its message",
			messages: []events.SQSMessage{s3Message("1", "in", "bad", "v1"), s3Message("2", "in", "good", "v1")},
			fail:     map[string]error{"bad": ErrNoDataset}, wantFailed: []string{"1"},
			wantSeen: []Object{{"in", "bad", "v1"}, {"in", "good", "v1"}}},
		{name: "test event and other events are acknowledged",
			messages: []events.SQSMessage{testEvent, removed}},
		{name: "body that is no notification",
			messages:   []events.SQSMessage{{MessageId: "x", Body: "hello"}, {MessageId: "y", Body: `{}`}},
			wantFailed: []string{"x", "y"}},
		{name: "other bucket is refused",
			messages:   []events.SQSMessage{s3Message("1", "elsewhere", "customers/a.jsonl", "v1")},
			wantFailed: []string{"1"}},
		{name: "key is URL-decoded",
			messages: []events.SQSMessage{s3Message("1", "in", "customers/a+b%2Bc%C3%A9.jsonl", "")},
			wantSeen: []Object{{"in", "customers/a b+cé.jsonl", ""}}},
		{name: "panic fails only its message",
			messages: []events.SQSMessage{s3Message("1", "in", "p", "v1"), s3Message("2", "in", "q", "v1")},
			panic:    map[string]bool{"p": true}, wantFailed: []string{"1"},
			wantSeen: []Object{{"in", "p", "v1"}, {"in", "q", "v1"}}},
		{name: "a short timeout still leaves time to work",
			messages: []events.SQSMessage{s3Message("1", "in", "a", "v1")},
			timeLeft: DefaultStopMargin / 2,
			wantSeen: []Object{{"in", "a", "v1"}}},
		{name: "past the deadline nothing starts",
			messages:   []events.SQSMessage{s3Message("1", "in", "a", "v1"), s3Message("2", "in", "b", "v1")},
			timeLeft:   time.Nanosecond,
			wantFailed: []string{"1", "2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			proc := &scriptedProcessor{fail: tt.fail, panic: tt.panic}
			var logs bytes.Buffer
			h := NewHandler(proc, "in", slog.New(slog.NewJSONHandler(&logs, nil)))

			ctx := lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{AwsRequestID: "req-1"})
			if tt.timeLeft > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.timeLeft)
				defer cancel()
			}

			resp, err := h.Handle(ctx, events.SQSEvent{Records: tt.messages})
			require.NoError(t, err, "failures are reported per message, never for the batch")

			failed := []string{}
			for _, f := range resp.BatchItemFailures {
				failed = append(failed, f.ItemIdentifier)
			}
			assert.Equal(t, append([]string{}, tt.wantFailed...), failed)
			assert.Equal(t, tt.wantSeen, proc.seen)
			assertLogs(t, logs.String(), len(tt.wantFailed))
		})
	}
}

// assertLogs checks that every line is JSON with the request ID, and that
// each failed message is logged exactly once at error level.
func assertLogs(t *testing.T, logs string, failures int) {
	t.Helper()
	errorsLogged := 0
	for _, line := range strings.Split(strings.TrimSpace(logs), "\n") {
		var entry map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &entry), line)
		assert.Equal(t, "req-1", entry["requestId"], line)
		if entry["level"] == "ERROR" {
			errorsLogged++
		}
	}
	assert.Equal(t, failures, errorsLogged, logs)
}

func TestParseNotificationRefusesWithoutQuoting(t *testing.T) {
	_, err := parseNotification(`{"Records": SECRET}`)
	require.True(t, errors.Is(err, ErrNotNotification))
	assert.NotContains(t, err.Error(), "SECRET")
}
