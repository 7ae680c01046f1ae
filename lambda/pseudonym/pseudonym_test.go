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
		version  string
		material []byte
		wantErr  string
	}{
		{name: "valid", version: "v1", material: material},
		{name: "short material", version: "v1", material: material[:31], wantErr: "31 bytes"},
		{name: "empty version", version: "", material: material, wantErr: "version is empty"},
		{name: "uuid version", version: "5f1c3a9e-6b1d-4c1e-9a7f-2f0b8d4e1c11", material: material},
		{name: "colon in version", version: "a:b", material: material, wantErr: "only letters"},
		{name: "quote in version", version: `a"b`, material: material, wantErr: "only letters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := NewKey(tt.version, tt.material)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.version, k.Version())
		})
	}
}

func TestToken(t *testing.T) {
	k1, err := NewKey("v1", material)
	require.NoError(t, err)
	k2, err := NewKey("v2", bytes.Repeat([]byte{0x43}, 32))
	require.NoError(t, err)

	tests := []struct {
		name  string
		key   Key
		value string
		want  string
	}{
		{name: "email", key: k1, value: "ada@example.com",
			want: "hmac-sha256:v1:" + macOf(material, "ada@example.com")},
		{name: "empty", key: k1, value: "", want: "hmac-sha256:v1:" + macOf(material, "")},
		{name: "other key", key: k2, value: "ada@example.com",
			want: "hmac-sha256:v2:" + macOf(bytes.Repeat([]byte{0x43}, 32), "ada@example.com")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok := New(tt.key)
			assert.Equal(t, tt.want, tok.Token(tt.value))
			assert.Equal(t, tt.want, tok.Token(tt.value), "a token is stable")
		})
	}
}

func TestTokenKnownAnswer(t *testing.T) {
	// The MAC was computed independently with `openssl dgst -sha256 -mac
	// HMAC`, so this pins both the MAC and its encoding.
	k, err := NewKey("v7", bytes.Repeat([]byte{0x0b}, 32))
	require.NoError(t, err)

	got := New(k).Token("Hi There")
	assert.Equal(t, "hmac-sha256:v7:"+knownMAC, got)
}

func TestKeyHidesMaterial(t *testing.T) {
	secret := []byte(strings.Repeat("s3cr3t-material!", 2))
	k, err := NewKey("v1", secret)
	require.NoError(t, err)

	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("key", "key", k)
	formatted := fmt.Sprintf("%v %+v %#v %s", k, k, k, k)

	for _, out := range []string{logs.String(), formatted} {
		assert.NotContains(t, out, "s3cr3t")
		assert.Contains(t, out, "v1")
	}
}

func TestAppendAllocations(t *testing.T) {
	k, err := NewKey("v1", material)
	require.NoError(t, err)
	tok := New(k)
	dst := make([]byte, 0, 128)
	value := []byte("ada@example.com")

	allocs := testing.AllocsPerRun(100, func() { dst = tok.Append(dst[:0], value) })
	assert.Zero(t, allocs)
}
