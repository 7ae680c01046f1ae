package rotation

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTest(t *testing.T) {
	newKey := base64.StdEncoding.EncodeToString([]byte(strings.Repeat("n", 32)))
	withKey := func(key string) string { return strings.Replace(currentValue, oldKey, key, 1) }
	tests := []struct {
		name    string
		pending *string // nil: the pending version has no value
		wantErr error
		wantIn  string
	}{
		{name: "a new key and the same members", pending: ptr(withKey(newKey))},
		{name: "other spacing and order", pending: ptr(`{"count": 3, "settings": {"z":1,"a":[true,null]},` +
			`"pseudonymisation_key": "` + newKey + `", "api_token": "` + apiToken + `"}`)},
		{name: "no pending value: the schedule's configuration check"},
		{name: "corrupted value", pending: ptr(`{"pseudonymisation_key":"` + newKey), wantErr: ErrNotObject},
		{name: "trailing data", pending: ptr(withKey(newKey) + `{}`), wantErr: ErrNotObject},
		{name: "repeated member", pending: ptr(`{"count":3,"count":3}`), wantErr: ErrDuplicateMember},
		{name: "no key", pending: ptr(`{"api_token":"` + apiToken + `"}`), wantErr: ErrNoKeyMember},
		{name: "key not base64", pending: ptr(withKey("not base64!")), wantErr: ErrKeyNotBase64},
		{name: "key too short", pending: ptr(withKey(base64.StdEncoding.EncodeToString([]byte("short")))),
			wantErr: ErrKeyTooShort},
		{name: "key unchanged", pending: ptr(currentValue), wantErr: ErrKeyUnchanged},
		{name: "key unchanged in another base64 form", pending: ptr(withKey(reencoded(oldKey))),
			wantErr: ErrKeyUnchanged},
		{name: "a member changed", pending: ptr(strings.Replace(withKey(newKey), `"count":3`, `"count":4`, 1)),
			wantErr: ErrMembersDiffer},
		{name: "a member dropped", pending: ptr(strings.Replace(withKey(newKey), `,"count":3`, ``, 1)),
			wantErr: ErrMembersDiffer},
		{name: "a member added", pending: ptr(strings.Replace(withKey(newKey), `"count":3`, `"count":3,"x":0`, 1)),
			wantErr: ErrMembersDiffer},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(currentValue)
			f.versions[token2].value = tt.pending
			before := f.state()

			for range 2 { // a retry gives the same answer
				got, err := New(f, secretARN, DefaultKeyField).Rotate(context.Background(), event(StepTest, token2))
				assert.Equal(t, before, f.state(), "testSecret changes nothing")
				if tt.wantErr == nil && tt.wantIn == "" {
					require.NoError(t, err)
					assert.Equal(t, Tested, got)
					continue
				}
				require.Error(t, err)
				if tt.wantErr != nil {
					assert.ErrorIs(t, err, tt.wantErr)
				}
				assert.Contains(t, err.Error(), tt.wantIn)
				assertNoSecret(t, f, err.Error())
				assert.NotContains(t, err.Error(), newKey)
			}
		})
	}
}

// TestConfigurationCheck covers testSecret on a pending version without a
// value, as Secrets Manager calls it when a schedule is created without
// rotating at once: it passes only when the current key is usable.
func TestConfigurationCheck(t *testing.T) {
	tests := []struct {
		name    string
		current string
		wantErr error
	}{
		{name: "a usable current key", current: currentValue},
		{name: "a current key that is not base64", current: strings.Replace(currentValue, oldKey, "not base64!", 1),
			wantErr: ErrKeyNotBase64},
		{name: "a current value that is not JSON", current: "not json", wantErr: ErrNotObject},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(tt.current)
			before := f.state()

			got, err := New(f, secretARN, DefaultKeyField).Rotate(context.Background(), event(StepTest, token2))

			assert.Equal(t, before, f.state(), "the check changes nothing")
			if tt.wantErr == nil {
				require.NoError(t, err)
				assert.Equal(t, Tested, got)
				return
			}
			require.ErrorIs(t, err, tt.wantErr)
			assertNoSecret(t, f, err.Error())
		})
	}
}

func ptr(s string) *string { return &s }

func TestReencoded(t *testing.T) {
	other := reencoded(oldKey)
	assert.NotEqual(t, oldKey, other)
	a, err := base64.StdEncoding.DecodeString(oldKey)
	require.NoError(t, err)
	b, err := base64.StdEncoding.DecodeString(other)
	require.NoError(t, err)
	assert.Equal(t, a, b, "both texts hold the same key")
}

// reencoded returns another standard base64 text of the bytes s holds: s
// with the last bit of its last character flipped, a bit that decoding
// ignores when s ends in padding.
func reencoded(s string) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	data := strings.TrimRight(s, "=")
	last := strings.IndexByte(alphabet, data[len(data)-1])
	return data[:len(data)-1] + string(alphabet[last^1]) + s[len(data):]
}
