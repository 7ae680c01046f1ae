package pseudonym

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestFingerprint(t *testing.T) {
	tests := []struct {
		name     string
		material []byte
		want     string
	}{
		// Computed independently with `openssl dgst -sha256 -mac HMAC`
		// over "securepipe/key-id/v1".
		{name: "known answer", material: bytes.Repeat([]byte{0x0b}, 32), want: "kcf61eb151cd57b3f"},
		{name: "another key", material: bytes.Repeat([]byte{0x42}, 32), want: "kd36a88312cafb61a"},
		{name: "a longer key", material: bytes.Repeat([]byte{0x42}, 64), want: "kaaff07c7c65f0d93"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Fingerprint(tt.material))
		})
	}
}

func TestFingerprintTellsKeysApart(t *testing.T) {
	seen := map[string]int{}
	for i := range 256 {
		fp := Fingerprint(bytes.Repeat([]byte{byte(i)}, 32))
		assert.Regexp(t, `^k[0-9a-f]{16}$`, fp)
		if j, ok := seen[fp]; ok {
			t.Errorf("keys %d and %d share fingerprint %s", j, i, fp)
		}
		seen[fp] = i
	}
}
