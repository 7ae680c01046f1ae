package rotation

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCreate(t *testing.T) {
	newKeyValue := func(f *fakeSecrets, current string) string {
		return strings.Replace(current, oldKey, base64.StdEncoding.EncodeToString([]byte(f.password)), 1)
	}
	tests := []struct {
		name      string
		current   string
		keyField  string
		setup     func(f *fakeSecrets)
		ev        func(ev Event) Event
		want      Outcome
		wantErr   error
		wantErrIn string
		wantCalls []string
	}{
		{name: "stores the current value with a new key", want: Created,
			wantCalls: []string{"DescribeSecret", "GetSecretValue", "GetSecretValue", "GetRandomPassword", "PutSecretValue"}},
		{name: "passes the rotation token on", want: Created,
			ev:        func(ev Event) Event { ev.RotationToken = "rotation-token"; return ev },
			wantCalls: []string{"DescribeSecret", "GetSecretValue", "GetSecretValue", "GetRandomPassword", "PutSecretValue"}},
		{name: "a pending value already stored", want: AlreadyPending,
			setup:     func(f *fakeSecrets) { v := `{"pseudonymisation_key":"x"}`; f.versions[token2].value = &v },
			wantCalls: []string{"DescribeSecret", "GetSecretValue"}},
		{name: "another key field", keyField: "api_token", want: Created,
			current:   `{"api_token":"` + oldKey + `","other":1}`,
			wantCalls: []string{"DescribeSecret", "GetSecretValue", "GetSecretValue", "GetRandomPassword", "PutSecretValue"}},
		{name: "current value is not JSON", current: "not json " + apiToken, wantErr: ErrNotObject},
		{name: "current value is a JSON array", current: `["` + apiToken + `"]`, wantErr: ErrNotObject},
		{name: "current value lacks the key", current: `{"api_token":"` + apiToken + `"}`, wantErr: ErrNoKeyMember},
		{name: "current key is not a string", current: `{"pseudonymisation_key":42}`, wantErr: ErrNoKeyMember},
		{name: "current value is binary", setup: func(f *fakeSecrets) { f.versions[token1].value = nil },
			wantErrIn: "get AWSCURRENT value"},
		{name: "pending read denied", setup: func(f *fakeSecrets) { f.fail["GetSecretValue"] = errAccessDenied },
			wantErrIn: "get AWSPENDING value: AccessDeniedException", wantCalls: []string{"DescribeSecret", "GetSecretValue"}},
		{name: "password too short", setup: func(f *fakeSecrets) { f.password = "Ab3" }, wantErr: ErrBadPassword},
		{name: "password with punctuation", setup: func(f *fakeSecrets) { f.password = strings.Repeat("a!", 32) },
			wantErr: ErrBadPassword},
		{name: "password denied", setup: func(f *fakeSecrets) { f.fail["GetRandomPassword"] = errAccessDenied },
			wantErrIn: "get random password: AccessDeniedException"},
		{name: "put fails", setup: func(f *fakeSecrets) { f.fail["PutSecretValue"] = errAccessDenied },
			wantErrIn: "put pending value: AccessDeniedException"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			current := tt.current
			if current == "" {
				current = currentValue
			}
			keyField := tt.keyField
			if keyField == "" {
				keyField = DefaultKeyField
			}
			f := newFake(current)
			if tt.setup != nil {
				tt.setup(f)
			}
			ev := event(StepCreate, token2)
			if tt.ev != nil {
				ev = tt.ev(ev)
			}
			before := f.state()

			got, err := New(f, secretARN, keyField).Rotate(context.Background(), ev)
			if tt.wantCalls != nil {
				assert.Equal(t, tt.wantCalls, f.calls)
			}
			if tt.wantErr != nil || tt.wantErrIn != "" {
				require.Error(t, err)
				if tt.wantErr != nil {
					assert.ErrorIs(t, err, tt.wantErr)
				}
				assert.Contains(t, err.Error(), tt.wantErrIn)
				assertNoSecret(t, f, err.Error())
				assert.Equal(t, before, f.state(), "a failed step changes nothing")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			if got != Created {
				assert.Equal(t, before, f.state())
				return
			}

			require.Len(t, f.puts, 1)
			put := f.puts[0]
			assert.Equal(t, token2, aws.ToString(put.ClientRequestToken))
			assert.Equal(t, []string{StagePending}, put.VersionStages)
			assert.Equal(t, ev.RotationToken, aws.ToString(put.RotationToken))
			assert.Equal(t, newKeyValue(f, current), f.value(token2),
				"only the key changes; order, spacing and other members are kept")
			assert.Equal(t, []string{StagePending}, f.versions[token2].stages)
			assert.Equal(t, []string{StageCurrent}, f.versions[token1].stages)
		})
	}
}
