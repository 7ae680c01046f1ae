package rotation

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFinish(t *testing.T) {
	tests := []struct {
		name       string
		setup      func(f *fakeSecrets) // after createSecret
		want       Outcome
		wantErr    error
		wantIn     string
		wantStages map[string][]string
	}{
		{name: "moves AWSCURRENT and drops AWSPENDING", want: Finished,
			wantStages: map[string][]string{token1: {StagePrevious}, token2: {StageCurrent}}},
		{name: "AWSPREVIOUS moves on", want: Finished,
			setup: func(f *fakeSecrets) {
				old := currentValue
				f.versions[token0] = &fakeVersion{value: &old, stages: []string{StagePrevious}}
			},
			wantStages: map[string][]string{token0: {}, token1: {StagePrevious}, token2: {StageCurrent}}},
		{name: "a retry after AWSCURRENT moved drops AWSPENDING", want: AlreadyCurrent,
			setup: func(f *fakeSecrets) {
				f.versions[token1].stages = []string{StagePrevious}
				f.versions[token2].stages = []string{StagePending, StageCurrent}
			},
			wantStages: map[string][]string{token1: {StagePrevious}, token2: {StageCurrent}}},
		{name: "an unusable pending value is not made current", wantErr: ErrKeyUnchanged,
			setup:      func(f *fakeSecrets) { f.versions[token2].value = ptr(currentValue) },
			wantStages: map[string][]string{token1: {StageCurrent}, token2: {StagePending}}},
		{name: "no current version", wantErr: ErrNoCurrent,
			setup:      func(f *fakeSecrets) { f.versions[token1].stages = nil },
			wantStages: map[string][]string{token1: {}, token2: {StagePending}}},
		{name: "the move fails", wantIn: "move AWSCURRENT from version " + token1 + " to " + token2,
			setup: func(f *fakeSecrets) {
				f.fail["UpdateSecretVersionStage"] = errAccessDenied
			},
			wantStages: map[string][]string{token1: {StageCurrent}, token2: {StagePending}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(currentValue)
			r := New(f, secretARN, DefaultKeyField)
			rotateAll(t, r, token2, StepCreate)
			if tt.setup != nil {
				tt.setup(f)
			}

			got, err := r.Rotate(context.Background(), event(StepFinish, token2))
			stages := map[string][]string{}
			for id, v := range f.versions {
				stages[id] = append([]string{}, v.stages...)
			}
			assert.Equal(t, tt.wantStages, stages)
			if tt.wantErr != nil || tt.wantIn != "" {
				require.Error(t, err)
				if tt.wantErr != nil {
					assert.ErrorIs(t, err, tt.wantErr)
				}
				assert.Contains(t, err.Error(), tt.wantIn)
				assertNoSecret(t, f, err.Error())
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}
