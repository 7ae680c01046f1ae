package rotation

import (
	"errors"
	"fmt"
	"regexp"
)

// Names of the environment variables the function reads at cold start.
const (
	// EnvSecretARN names the ARN of the one secret the function rotates;
	// it is required.
	EnvSecretARN = "SECRET_ARN"
	// EnvKeyField names the JSON member of the secret value that holds
	// the key; it is optional and defaults to DefaultKeyField.
	EnvKeyField = "KEY_FIELD"
)

// DefaultKeyField is the member the processor reads the key from.
const DefaultKeyField = "pseudonymisation_key"

var (
	secretARNPattern = regexp.MustCompile(
		`^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$`)
	keyFieldPattern = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,128}$`)
)

// Config holds the function's validated settings.
type Config struct {
	SecretARN string
	KeyField  string
}

// ConfigFromEnv reads the settings through getenv, usually os.Getenv, and
// reports every problem at once.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	c := Config{SecretARN: getenv(EnvSecretARN), KeyField: getenv(EnvKeyField)}
	if c.KeyField == "" {
		c.KeyField = DefaultKeyField
	}

	var errs []error
	switch {
	case c.SecretARN == "":
		errs = append(errs, fmt.Errorf("%s is not set", EnvSecretARN))
	case !secretARNPattern.MatchString(c.SecretARN):
		errs = append(errs, fmt.Errorf("%s must be a Secrets Manager secret ARN", EnvSecretARN))
	}
	if !keyFieldPattern.MatchString(c.KeyField) {
		errs = append(errs, fmt.Errorf("%s must be 1 to 128 letters, digits, '_', '.' or '-'", EnvKeyField))
	}

	if err := errors.Join(errs...); err != nil {
		return Config{}, fmt.Errorf("read configuration: %w", err)
	}
	return c, nil
}
