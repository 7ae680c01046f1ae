package rotation

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

// Key material is a password that Secrets Manager generates, so that no
// randomness of the function's own goes into the key and the generation is
// in CloudTrail like every other step.
//
// The password has passwordLength characters drawn uniformly from an
// alphabet of passwordAlphabet symbols: letters of both cases and digits,
// without punctuation (which JSON and shells would have to escape) or
// space, and without RequireEachIncludedType, which would skew the draw.
// Its entropy is therefore 64 × log2(62) ≈ 381 bits, well above the 256
// bits of a uniformly random 32-byte key, the most that HMAC-SHA256 can
// use. The material is the password's 64 ASCII bytes; the secret holds
// their standard base64, which decodes to 64 bytes, at least the 32 that
// the processor requires (pseudonym.MinKeyBytes).
const (
	passwordLength   = 64
	passwordAlphabet = 26 + 26 + 10
)

// newKeyMaterial asks Secrets Manager for a password and checks that it
// has the length and alphabet the entropy above assumes.
func (r *Rotator) newKeyMaterial(ctx context.Context) ([]byte, error) {
	out, err := r.api.GetRandomPassword(ctx, &secretsmanager.GetRandomPasswordInput{
		PasswordLength:          aws.Int64(passwordLength),
		ExcludePunctuation:      aws.Bool(true),
		IncludeSpace:            aws.Bool(false),
		RequireEachIncludedType: aws.Bool(false),
	})
	if err != nil {
		return nil, fmt.Errorf("get random password: %w", err)
	}

	password := aws.ToString(out.RandomPassword)
	if len(password) != passwordLength {
		return nil, ErrBadPassword
	}
	for i := 0; i < len(password); i++ {
		if !alphanumeric(password[i]) {
			return nil, ErrBadPassword
		}
	}
	return []byte(password), nil
}

func alphanumeric(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
