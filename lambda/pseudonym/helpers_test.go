package pseudonym

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
)

// knownMAC is base64url(HMAC-SHA256(32×0x0b, "Hi There")).
const knownMAC = "GYpgfrRL-8aZA6Dxzyu9xboKo_PZrjwcejsWlqC2jPc"

func macOf(key []byte, value string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(value))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}
