// Package pseudonym turns field values into keyed, stable tokens.
//
// A token is HMAC-SHA256 of the value under the pseudonymisation key, in
// the form
//
//	hmac-sha256:<key version>:<base64url MAC, unpadded>
//
// The same value under the same key always gives the same token, so
// pseudonymised fields can still be joined and counted; without the key a
// token cannot be reversed or recomputed. The key version names the
// Secrets Manager version of the key, so tokens made before and after a
// rotation can be told apart. Tokens carry no field name: equal values in
// different fields and datasets give equal tokens.
package pseudonym

import (
	"fmt"
	"log/slog"
)

// MinKeyBytes is the least key length accepted, the output size of SHA-256.
const MinKeyBytes = 32

// Key is pseudonymisation key material with the version it came from. Its
// String and LogValue hide the material, so a Key that reaches a log or a
// formatted error shows only its version.
type Key struct {
	version  string
	material []byte
}

// NewKey returns a key of the given version. It refuses material shorter
// than MinKeyBytes and versions that could not be told apart in a token.
func NewKey(version string, material []byte) (Key, error) {
	if version == "" {
		return Key{}, fmt.Errorf("new key: version is empty")
	}
	for _, r := range version {
		if !versionChar(r) {
			return Key{}, fmt.Errorf("new key: version may hold only letters, digits, '.', '_' and '-'")
		}
	}
	if len(material) < MinKeyBytes {
		return Key{}, fmt.Errorf("new key: material has %d bytes, want at least %d",
			len(material), MinKeyBytes)
	}
	return Key{version: version, material: append([]byte(nil), material...)}, nil
}

// versionChar reports whether r may appear in a key version. The set keeps
// tokens free of characters that JSON or CSV would have to escape.
func versionChar(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' ||
		r == '.' || r == '_' || r == '-'
}

// Version returns the version the key material came from.
func (k Key) Version() string { return k.version }

// IsZero reports whether k holds no key.
func (k Key) IsZero() bool { return k.version == "" }

// String shows the version only.
func (k Key) String() string { return "pseudonymisation key " + k.version }

// LogValue shows the version only.
func (k Key) LogValue() slog.Value { return slog.StringValue(k.version) }

// GoString shows the version only, also under %#v.
func (k Key) GoString() string { return k.String() }
