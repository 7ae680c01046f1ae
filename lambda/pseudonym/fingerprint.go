package pseudonym

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
)

// fingerprintLabel is the message whose MAC under a key identifies the
// key. Its "v1" names this derivation, so that another one could never
// be mistaken for it.
const fingerprintLabel = "securepipe/key-id/v1"

// fingerprintHexLen is the number of hex characters a fingerprint keeps:
// 64 bits of the MAC.
const fingerprintHexLen = 16

// Fingerprint returns the key version that tokens made under material
// carry: "k" and the first 16 hex characters (64 bits) of
// HMAC-SHA256(material, "securepipe/key-id/v1").
//
// The fingerprint depends on the key material alone, so the same key
// gives the same fingerprint wherever it is stored, and a key read from
// any version of the secret can be matched to the tokens it made.
//
// It reveals nothing usable about the key: HMAC-SHA256 is a
// pseudorandom function, so without the key its output on a fixed label
// looks random, and it helps an attacker no more than any token does. It
// only lets someone who already holds a key confirm that it is the one a
// token names.
//
// 64 bits are enough because the fingerprint only tells apart the keys of
// one pipeline, a few hundred over its life even with a rotation every
// day for a year, and it is not trusted beyond that: the chance that any
// two of n random keys share a fingerprint is about n²/2⁶⁵, some 3×10⁻¹⁴
// for a thousand keys. Choosing a key to match a given fingerprint would
// take some 2⁶⁴ tries, by someone who can write the secret and so could
// read its key anyway; and any collision would still show when the token
// is recomputed under the key it was matched to.
//
// The label is a string no record is expected to hold. A value equal to
// it would get a token whose MAC begins with the fingerprint's bits,
// which tells nothing about any person.
func Fingerprint(material []byte) string {
	m := hmac.New(sha256.New, material)
	m.Write([]byte(fingerprintLabel))
	sum := m.Sum(nil)
	return "k" + hex.EncodeToString(sum)[:fingerprintHexLen]
}
