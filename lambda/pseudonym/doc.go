// Package pseudonym turns field values into keyed, stable tokens.
//
// A token is HMAC-SHA256 of the value under the pseudonymisation key, in
// the form
//
//	hmac-sha256:<key version>:<base64url MAC, unpadded>
//
// for example hmac-sha256:kcf61eb151cd57b3f:GYpgfrRL-8aZA6Dxzyu9xboKo_PZrjwcejsWlqC2jPc.
//
// The same value under the same key always gives the same token, so
// pseudonymised fields can still be joined and counted; without the key a
// token cannot be reversed or recomputed. Tokens carry no field name:
// equal values in different fields and datasets give equal tokens.
//
// # Key version
//
// The key version is the key's Fingerprint: "k" and 16 hex characters
// derived from the key material alone. It names the key, not where the key
// is kept, so a new version of the secret that leaves the key as it was
// (say, one that only changes a credential stored beside it) gives the
// same tokens as before, while tokens made before and after a rotation can
// be told apart.
//
// # Explaining a token
//
// A token cannot be decoded; explaining one means finding the key it was
// made under, so that the tokens of candidate values can be recomputed and
// compared with it. To find the key:
//
//  1. Take the key version from the token: the text between its first and
//     second colon.
//  2. Read candidate versions of the secret with GetSecretValue: first the
//     one the manifest of the token's output names in secretVersionId
//     (by VersionId), then AWSCURRENT, then AWSPREVIOUS, then, if need be,
//     every version that ListSecretVersionIds lists with
//     IncludeDeprecated.
//  3. For each, decode its pseudonymisation_key member (standard base64)
//     and compare Fingerprint of the material with the token's key
//     version. The first that is equal holds the key; versions that
//     differ only in other members share a fingerprint, so any of them
//     will do.
//
// Then NewKey and New give a Tokenizer whose Token of a candidate value
// equals the token exactly when the value is the one it stands for.
//
// AWSPREVIOUS follows every update of the secret, not only rotations, and
// Secrets Manager may delete a version once it has no staging label. A
// key is therefore findable by the steps above only while some version of
// the secret still holds it.
package pseudonym
