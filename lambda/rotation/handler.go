package rotation

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/aws/aws-lambda-go/lambdacontext"
)

// Stepper runs one step of a rotation.
type Stepper interface {
	Rotate(ctx context.Context, ev Event) (Outcome, error)
}

// Handler is the function's Lambda handler.
type Handler struct {
	steps Stepper
	log   *slog.Logger
}

// NewHandler returns a Handler that runs steps and logs to log.
func NewHandler(steps Stepper, log *slog.Logger) *Handler {
	return &Handler{steps: steps, log: log}
}

// Handle runs the event's step and logs its outcome in one line. A failed
// step is logged here, once, and its error returned so that Secrets
// Manager marks the rotation failed and tries it again later.
func (h *Handler) Handle(ctx context.Context, ev Event) (err error) {
	start := time.Now()
	log := h.log.With(eventAttrs(ctx, ev)...)
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("rotation step panicked: %v", p)
			log = log.With("stack", string(debug.Stack()))
		}
		if err != nil {
			log.Error("rotation step failed", "error", err.Error(), "durationMs", time.Since(start).Milliseconds())
		}
	}()

	outcome, err := h.steps.Rotate(ctx, ev)
	if err != nil {
		return err
	}
	log.Info("rotation step done", "outcome", string(outcome), "durationMs", time.Since(start).Milliseconds())
	return nil
}

// eventAttrs are the log attributes of an invocation: its request ID, and
// the step and version when they are well formed. The secret's ID is left
// out: it is either the configured one or one the function refuses, which
// the log need not name.
func eventAttrs(ctx context.Context, ev Event) []any {
	var attrs []any
	if lc, ok := lambdacontext.FromContext(ctx); ok {
		attrs = append(attrs, "requestId", lc.AwsRequestID)
	}
	if KnownStep(ev.Step) {
		attrs = append(attrs, "step", ev.Step)
	}
	if ValidToken(ev.ClientRequestToken) {
		attrs = append(attrs, "versionId", ev.ClientRequestToken)
	}
	return attrs
}
