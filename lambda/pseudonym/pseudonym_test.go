package pseudonym

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var material = bytes.Repeat([]byte{0x42}, 32)

func TestNewKey(t *testing.T) {
	tests := []struct {
		name     string
		material []byte
		wantErr  string
	}{
		{name: "valid", material: material},
		{name: "longer than needed", material: bytes.Repeat([]byte{0x42}, 64)},
		{name: "short material", material: material[:31], wantErr: "31 bytes"},
		{name: "no material", material: nil, wantErr: "0 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := NewKey(tt.material)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				assert.True(t, k.IsZero())
				return
			}
			require.NoError(t, err)
			assert.Equal(t, Fingerprint(tt.material), k.Version())
			assert.False(t, k.IsZero())
		})
	}
}

func TestToken(t *testing.T) {
	other := bytes.Repeat([]byte{0x43}, 32)
	k1, err := NewKey(material)
	require.NoError(t, err)
	k2, err := NewKey(other)
	require.NoError(t, err)

	tests := []struct {
		name  string
		key   Key
		value string
		want  string
	}{
		{name: "email", key: k1, value: "ada@example.com",
			want: "hmac-sha256:" + Fingerprint(material) + ":" + macOf(material, "ada@example.com")},
		{name: "empty", key: k1, value: "",
			want: "hmac-sha256:" + Fingerprint(material) + ":" + macOf(material, "")},
		{name: "other key", key: k2, value: "ada@example.com",
			want: "hmac-sha256:" + Fingerprint(other) + ":" + macOf(other, "ada@example.com")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok := New(tt.key)
			assert.Equal(t, tt.want, tok.Token(tt.value))
			assert.Equal(t, tt.want, tok.Token(tt.value), "a token is stable")
		})
	}
}

func TestTokensFollowTheKey(t *testing.T) {
	same, err := NewKey(bytes.Clone(material))
	require.NoError(t, err)
	first, err := NewKey(material)
	require.NoError(t, err)
	other, err := NewKey(bytes.Repeat([]byte{0x43}, 32))
	require.NoError(t, err)

	value := "ada@example.com"
	assert.Equal(t, first.Version(), same.Version(), "the same key has the same version")
	assert.Equal(t, New(first).Token(value), New(same).Token(value), "and gives the same tokens")
	assert.NotEqual(t, first.Version(), other.Version(), "another key has another version")
	assert.NotEqual(t, New(first).Token(value), New(other).Token(value), "and gives other tokens")
}

func TestTokenKnownAnswer(t *testing.T) {
	// The MAC and the fingerprint were computed independently with
	// `openssl dgst -sha256 -mac HMAC`, so this pins both and their
	// encodings. The package comment quotes this token.
	k, err := NewKey(bytes.Repeat([]byte{0x0b}, 32))
	require.NoError(t, err)

	got := New(k).Token("Hi There")
	assert.Equal(t, "hmac-sha256:kcf61eb151cd57b3f:"+knownMAC, got)
}

func TestKeyHidesMaterial(t *testing.T) {
	secret := []byte(strings.Repeat("s3cr3t-material!", 2))
	k, err := NewKey(secret)
	require.NoError(t, err)

	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("key", "key", k)
	formatted := fmt.Sprintf("%v %+v %#v %s", k, k, k, k)

	for _, out := range []string{logs.String(), formatted} {
		assert.NotContains(t, out, "s3cr3t")
		assert.Contains(t, out, Fingerprint(secret))
	}
}

func TestAppendAllocations(t *testing.T) {
	k, err := NewKey(material)
	require.NoError(t, err)
	tok := New(k)
	dst := make([]byte, 0, 128)
	value := []byte("ada@example.com")

	allocs := testing.AllocsPerRun(100, func() { dst = tok.Append(dst[:0], value) })
	assert.Zero(t, allocs)
}
