package processor

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambdacontext"
)

// DefaultStopMargin is how long before the invocation's deadline the
// handler stops work, leaving time to abort uploads and report which
// messages failed.
const DefaultStopMargin = 15 * time.Second

// ObjectProcessor processes one input object.
type ObjectProcessor interface {
	Process(ctx context.Context, obj Object) (Result, error)
}

// Handler handles SQS batches of S3 notifications.
type Handler struct {
	proc        ObjectProcessor
	inputBucket string
	log         *slog.Logger
	stopMargin  time.Duration
}

// NewHandler returns a Handler that processes objects of inputBucket and
// logs to log.
func NewHandler(proc ObjectProcessor, inputBucket string, log *slog.Logger) *Handler {
	return &Handler{proc: proc, inputBucket: inputBucket, log: log, stopMargin: DefaultStopMargin}
}

// errOutOfTime reports a message left unprocessed because the invocation
// was about to time out.
var errOutOfTime = errors.New("not started: the invocation is close to its deadline")

// Handle processes every message of the batch in turn and reports those
// that failed, so that only they are retried.
func (h *Handler) Handle(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
	start := time.Now()
	log := h.log
	if lc, ok := lambdacontext.FromContext(ctx); ok {
		log = log.With("requestId", lc.AwsRequestID)
	}
	ctx, cancel := h.workContext(ctx)
	defer cancel()

	resp := events.SQSEventResponse{BatchItemFailures: []events.SQSBatchItemFailure{}}
	for _, msg := range ev.Records {
		mlog := log.With("messageId", msg.MessageId)
		var err error
		if ctx.Err() != nil {
			err = errOutOfTime
			mlog.Error("message failed", "error", err.Error())
		} else {
			err = h.message(ctx, mlog, msg)
		}
		if err != nil {
			resp.BatchItemFailures = append(resp.BatchItemFailures,
				events.SQSBatchItemFailure{ItemIdentifier: msg.MessageId})
		}
	}

	log.Info("batch done", "messages", len(ev.Records), "failed", len(resp.BatchItemFailures),
		"durationMs", time.Since(start).Milliseconds())
	return resp, nil
}

// workContext ends the stop margin before the invocation's deadline; for
// short timeouts the margin shrinks to a quarter of the time left.
func (h *Handler) workContext(ctx context.Context) (context.Context, context.CancelFunc) {
	deadline, ok := ctx.Deadline()
	if !ok {
		return context.WithCancel(ctx)
	}
	margin := min(h.stopMargin, time.Until(deadline)/4)
	return context.WithDeadline(ctx, deadline.Add(-margin))
}

// message processes the objects one message announces. Every failure is
// logged here, once; the returned error only marks the message failed.
func (h *Handler) message(ctx context.Context, log *slog.Logger, msg events.SQSMessage) error {
	objs, err := parseNotification(msg.Body)
	if err != nil {
		log.Error("message failed", "error", err.Error())
		return err
	}
	if len(objs) == 0 {
		log.Info("message ignored: no object-created record")
		return nil
	}

	var failed error
	for _, obj := range objs {
		if err := h.object(ctx, log, obj); err != nil {
			failed = err
		}
	}
	return failed
}

func (h *Handler) object(ctx context.Context, log *slog.Logger, obj Object) (err error) {
	start := time.Now()
	log = log.With("bucket", obj.Bucket, "key", obj.Key, "versionId", obj.version())
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("processing panicked: %v", p)
			log = log.With("stack", string(debug.Stack()))
		}
		if err != nil {
			log.Error("object failed", "error", err.Error(), "durationMs", time.Since(start).Milliseconds())
		}
	}()

	if obj.Bucket != h.inputBucket {
		return fmt.Errorf("notification names bucket %q, not the input bucket", obj.Bucket)
	}
	res, err := h.proc.Process(ctx, obj)
	if err != nil {
		return err
	}

	m := res.Manifest
	if res.Skipped {
		log.Info("object already processed", "dataset", m.Dataset, "durationMs", time.Since(start).Milliseconds())
		return nil
	}
	log.Info("object processed", "dataset", m.Dataset, "inputBytes", m.InputBytes,
		"recordsRead", m.RecordsRead, "recordsWritten", m.RecordsWritten,
		"recordsQuarantined", m.RecordsQuarantined, "keyVersion", m.KeyVersion,
		"secretVersionId", m.SecretVersionID, "durationMs", time.Since(start).Milliseconds())
	return nil
}
