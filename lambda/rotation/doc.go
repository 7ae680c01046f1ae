// Package rotation rotates the pipeline's pseudonymisation key: it is the
// code of a Secrets Manager rotation function for one existing secret.
//
// # Protocol
//
// Secrets Manager starts a rotation by staging a new, empty version of the
// secret AWSPENDING under a token (the version's VersionId), then invokes
// the function four times with an event {SecretId, ClientRequestToken,
// Step}, one step after another:
//
//	createSecret  store the new value in the pending version
//	setSecret     install it in the system the secret unlocks
//	testSecret    check that the pending value works
//	finishSecret  make the pending version AWSCURRENT
//
// Any step may be invoked again after a failure or a timeout, so each one
// is idempotent: invoked twice it leaves the secret as once.
//
// # Checks before every step
//
// The function rotates one secret, the one it is configured with; an event
// naming any other is refused before any call to AWS, and the refusal
// names neither secret. The secret must have rotation enabled, and the
// token must be a version of it that carries a stage. A token already
// AWSCURRENT means the rotation is over, so every step is then a no-op
// (finishSecret still drops an AWSPENDING label left on it). Otherwise the
// token must be AWSPENDING.
//
// # Steps
//
// createSecret does nothing when the pending version already has a value.
// Otherwise it reads AWSCURRENT, a JSON object, and writes the same text
// to the pending version with only the key member's value replaced by new
// key material: member order, white space and every other value are kept
// byte for byte. The material comes from Secrets Manager's GetRandomPassword; see
// newKeyMaterial for its size and entropy. The member holds the material
// base64-encoded, as package keysource expects.
//
// setSecret has nothing to do: the key is used only by the processor,
// which reads it from the secret itself, so no other system holds a copy
// to update. It succeeds after the checks above.
//
// testSecret reads the pending and current values and fails unless the
// pending value is a JSON object whose key member is standard base64 of at
// least 32 bytes that the processor accepts, the key's fingerprint (see
// pseudonym.Fingerprint) differs from the current key's, and every other
// member is equal to the current value's. Comparing fingerprints rather
// than the member's text also catches the same key written in another
// base64 form, and makes sure that tokens under the new key name a key
// version of their own.
//
// finishSecret repeats testSecret's checks, so that a value that would
// stop the processor never becomes current, then moves AWSCURRENT from the
// current version to the token's, and removes AWSPENDING from it. Secrets
// Manager moves AWSPREVIOUS to the version that was current, so its value
// stays readable by VersionId and by AWSPREVIOUS, and tokens the processor
// made under it, which name its key's fingerprint, can still be explained
// (see package pseudonym).
//
// # Secrecy
//
// No error or log line holds a secret value or key material: faults in a
// value are described by sentinel errors, never by the decoders' messages,
// which may quote the input.
package rotation
