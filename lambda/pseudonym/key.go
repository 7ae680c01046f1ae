package pseudonym

import (
	"fmt"
	"log/slog"
)

// MinKeyBytes is the least key length accepted, the output size of SHA-256.
const MinKeyBytes = 32

// Key is pseudonymisation key material with its version, the material's
// Fingerprint. Its String and LogValue hide the material, so a Key that
// reaches a log or a formatted error shows only its version.
type Key struct {
	version  string
	material []byte
}

// NewKey returns the key holding material. It refuses material shorter
// than MinKeyBytes.
func NewKey(material []byte) (Key, error) {
	if len(material) < MinKeyBytes {
		return Key{}, fmt.Errorf("new key: material has %d bytes, want at least %d",
			len(material), MinKeyBytes)
	}
	return Key{version: Fingerprint(material), material: append([]byte(nil), material...)}, nil
}

// Version returns the key's version, the Fingerprint of its material,
// which every token made under the key names.
func (k Key) Version() string { return k.version }

// IsZero reports whether k holds no key.
func (k Key) IsZero() bool { return k.version == "" }

// String shows the version only.
func (k Key) String() string { return "pseudonymisation key " + k.version }

// LogValue shows the version only.
func (k Key) LogValue() slog.Value { return slog.StringValue(k.version) }

// GoString shows the version only, also under %#v.
func (k Key) GoString() string { return k.String() }
