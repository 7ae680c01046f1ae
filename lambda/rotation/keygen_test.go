package rotation

import (
	"context"
	"math"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/securepipe/securepipe/lambda/pseudonym"
)

func TestKeyMaterialIsStrongEnough(t *testing.T) {
	bits := passwordLength * math.Log2(passwordAlphabet)
	assert.GreaterOrEqual(t, bits, 256.0, "the key must carry at least a 32-byte key's entropy")
	assert.GreaterOrEqual(t, passwordLength, pseudonym.MinKeyBytes, "the processor needs 32 bytes")
}

// recordingPasswords notes the request it is sent.
type recordingPasswords struct {
	fakeSecrets
	in *secretsmanager.GetRandomPasswordInput
}

func (r *recordingPasswords) GetRandomPassword(ctx context.Context, in *secretsmanager.GetRandomPasswordInput,
	opts ...func(*secretsmanager.Options)) (*secretsmanager.GetRandomPasswordOutput, error) {
	r.in = in
	return r.fakeSecrets.GetRandomPassword(ctx, in, opts...)
}

func TestNewKeyMaterialAsksForTheAlphabetItChecks(t *testing.T) {
	api := &recordingPasswords{fakeSecrets: *newFake(currentValue)}
	material, err := New(api, secretARN, DefaultKeyField).newKeyMaterial(context.Background())
	require.NoError(t, err)
	assert.Equal(t, api.password, string(material))

	require.NotNil(t, api.in)
	assert.Equal(t, int64(passwordLength), aws.ToInt64(api.in.PasswordLength))
	assert.True(t, aws.ToBool(api.in.ExcludePunctuation))
	assert.False(t, aws.ToBool(api.in.IncludeSpace))
	assert.False(t, aws.ToBool(api.in.RequireEachIncludedType), "a uniform draw keeps the full entropy")
	assert.Nil(t, api.in.ExcludeCharacters)
	assert.Nil(t, api.in.ExcludeNumbers)
	assert.Nil(t, api.in.ExcludeUppercase)
	assert.Nil(t, api.in.ExcludeLowercase)
}
