package rotation

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRotateRefusesBeforeCallingAWS(t *testing.T) {
	tests := []struct {
		name    string
		ev      Event
		wantErr error
	}{
		{name: "another secret", wantErr: ErrOtherSecret, ev: Event{
			SecretID: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:other-XyZ123", Step: StepCreate,
			ClientRequestToken: token2}},
		{name: "the secret by name", wantErr: ErrOtherSecret,
			ev: Event{SecretID: "pipeline", Step: StepCreate, ClientRequestToken: token2}},
		{name: "no secret", wantErr: ErrOtherSecret, ev: Event{Step: StepCreate, ClientRequestToken: token2}},
		{name: "unknown step", wantErr: ErrUnknownStep, ev: event("rotateSecret", token2)},
		{name: "no token", wantErr: ErrBadToken, ev: event(StepCreate, "")},
		{name: "short token", wantErr: ErrBadToken, ev: event(StepCreate, "v2")},
		{name: "token with a colon", wantErr: ErrBadToken, ev: event(StepCreate, "22222222:2222-4222-8222-222222222222")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(currentValue)
			_, err := New(f, secretARN, DefaultKeyField).Rotate(context.Background(), tt.ev)
			require.ErrorIs(t, err, tt.wantErr)
			assert.Empty(t, f.calls, "nothing is sent to AWS")
			assert.NotContains(t, err.Error(), secretARN, "the refusal does not name the secret")
		})
	}
}

func TestRotateChecksStages(t *testing.T) {
	tests := []struct {
		name    string
		setup   func(f *fakeSecrets)
		token   string
		wantErr string
	}{
		{name: "rotation disabled", setup: func(f *fakeSecrets) { f.rotationEnabled = false },
			token: token2, wantErr: ErrRotationDisabled.Error()},
		{name: "describe fails", setup: func(f *fakeSecrets) { f.fail["DescribeSecret"] = errAccessDenied },
			token: token2, wantErr: "describe secret: AccessDeniedException"},
		{name: "unknown version", token: "33333333-3333-4333-8333-333333333333",
			wantErr: "version 33333333-3333-4333-8333-333333333333 has no stage for rotation"},
		{name: "version without stages", setup: func(f *fakeSecrets) { f.versions[token2].stages = nil },
			token: token2, wantErr: "has no stage for rotation"},
		{name: "previous version", setup: func(f *fakeSecrets) { f.versions[token2].stages = []string{StagePrevious} },
			token: token2, wantErr: "version " + token2 + " is not staged AWSPENDING"},
	}
	for _, tt := range tests {
		for _, step := range []string{StepCreate, StepSet, StepTest, StepFinish} {
			t.Run(tt.name+"/"+step, func(t *testing.T) {
				f := newFake(currentValue)
				if tt.setup != nil {
					tt.setup(f)
				}
				before := f.state()
				_, err := New(f, secretARN, DefaultKeyField).Rotate(context.Background(), event(step, tt.token))
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				assert.Equal(t, []string{"DescribeSecret"}, f.calls)
				assert.Equal(t, before, f.state())
			})
		}
	}
}

func TestCurrentTokenIsANoOp(t *testing.T) {
	for _, step := range []string{StepCreate, StepSet, StepTest, StepFinish} {
		t.Run(step, func(t *testing.T) {
			f := newFake(currentValue)
			before := f.state()
			got, err := New(f, secretARN, DefaultKeyField).Rotate(context.Background(), event(step, token1))
			require.NoError(t, err)
			assert.Equal(t, AlreadyCurrent, got)
			assert.Equal(t, []string{"DescribeSecret"}, f.calls)
			assert.Equal(t, before, f.state())
		})
	}
}

func TestSetHasNothingToSet(t *testing.T) {
	f := newFake(currentValue)
	before := f.state()
	r := New(f, secretARN, DefaultKeyField)
	for range 2 {
		got, err := r.Rotate(context.Background(), event(StepSet, token2))
		require.NoError(t, err)
		assert.Equal(t, NothingToSet, got)
	}
	assert.Equal(t, []string{"DescribeSecret", "DescribeSecret"}, f.calls)
	assert.Equal(t, before, f.state())
}

func TestFullRotation(t *testing.T) {
	f := newFake(currentValue)
	r := New(f, secretARN, DefaultKeyField)
	rotateAll(t, r, token2, StepCreate, StepSet, StepTest, StepFinish)

	assert.Equal(t, []string{StagePrevious}, f.versions[token1].stages)
	assert.Equal(t, []string{StageCurrent}, f.versions[token2].stages)
	assert.Equal(t, currentValue, f.value(token1), "the previous value is kept")

	// A second rotation starts from the first one's result.
	f.versions[token0] = &fakeVersion{stages: []string{StagePending}}
	f.password = "Zz9" + f.password[3:]
	rotateAll(t, r, token0, StepCreate, StepSet, StepTest, StepFinish)
	assert.Equal(t, []string{StageCurrent}, f.versions[token0].stages)
	assert.Equal(t, []string{StagePrevious}, f.versions[token2].stages)
	assert.Empty(t, f.versions[token1].stages, "the oldest version is no longer staged")
}

// TestEveryStepIsIdempotent runs each step twice after the steps before
// it: the second run must leave the secret as the first did.
func TestEveryStepIsIdempotent(t *testing.T) {
	steps := []string{StepCreate, StepSet, StepTest, StepFinish}
	for i, step := range steps {
		t.Run(step, func(t *testing.T) {
			f := newFake(currentValue)
			r := New(f, secretARN, DefaultKeyField)
			rotateAll(t, r, token2, steps[:i+1]...)
			once := f.state()

			_, err := r.Rotate(context.Background(), event(step, token2))
			require.NoError(t, err)
			assert.Equal(t, once, f.state())
		})
	}
}
