package rotation

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// apiToken is a credential stored beside the key; no error or log may
// show it.
const apiToken = "api-token-never-shown"

var (
	oldKey = base64.StdEncoding.EncodeToString([]byte(strings.Repeat("k", 32)))
	// currentValue has nested members and white space that a rotation
	// must keep byte for byte.
	currentValue = `{"api_token":"` + apiToken + `", "pseudonymisation_key":"` + oldKey +
		`","settings":{"z": 1, "a": [true, null]},"count":3}`
)

func event(step, token string) Event {
	return Event{SecretID: secretARN, ClientRequestToken: token, Step: step}
}

// rotateAll runs the steps in order and fails the test on the first error.
func rotateAll(t *testing.T, r *Rotator, token string, steps ...string) {
	t.Helper()
	for _, step := range steps {
		if _, err := r.Rotate(context.Background(), event(step, token)); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
}

// assertNoSecret checks that text holds no secret value or key material.
func assertNoSecret(t *testing.T, f *fakeSecrets, text string) {
	t.Helper()
	secrets := []string{apiToken, oldKey, f.password, base64.StdEncoding.EncodeToString([]byte(f.password))}
	for _, s := range secrets {
		assert.NotContains(t, text, s, "a secret value reached an error or a log")
	}
}
