package pseudonym

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"hash"
)

// Tokenizer makes tokens under one key. It reuses its hash state, so it is
// not safe for concurrent use: make one per goroutine.
type Tokenizer struct {
	mac    hash.Hash
	prefix []byte
	sum    [sha256.Size]byte
}

// New returns a Tokenizer for key.
func New(key Key) *Tokenizer {
	return &Tokenizer{
		mac:    hmac.New(sha256.New, key.material),
		prefix: []byte("hmac-sha256:" + key.version + ":"),
	}
}

// Append appends the token of value to dst and returns the extended slice.
func (t *Tokenizer) Append(dst, value []byte) []byte {
	t.mac.Reset()
	t.mac.Write(value)
	sum := t.mac.Sum(t.sum[:0])

	dst = append(dst, t.prefix...)
	return base64.RawURLEncoding.AppendEncode(dst, sum)
}

// Token returns the token of value as a string.
func (t *Tokenizer) Token(value string) string {
	return string(t.Append(nil, []byte(value)))
}
