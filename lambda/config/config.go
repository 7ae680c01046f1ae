// Package config reads the processor's settings from the environment
// variables that the generated template sets on the function:
//
//	ENVIRONMENT    environment suffix, e.g. prod
//	INPUT_BUCKET   bucket whose object-created notifications arrive
//	OUTPUT_BUCKET  bucket that receives processed, quarantine and manifest objects
//	DATA_KEY_ARN   ARN of the customer-managed KMS key that encrypts every output
//	SECRET_ARN     ARN of the secret that holds the pseudonymisation key
//	FIELD_POLICY   the field policy as JSON (see package fieldpolicy)
//
// All are required. One optional variable tunes the key cache:
//
//	KEY_REFRESH_INTERVAL  how often the secret's current version is checked,
//	                      a Go duration of at least 1s; default 5m
//
// They are read once, at cold start, and every problem
// is reported at once so a misconfigured deployment fails its first
// initialisation with the whole list.
package config

import (
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/securepipe/securepipe/lambda/fieldpolicy"
	"github.com/securepipe/securepipe/lambda/keysource"
)

// Names of the environment variables.
const (
	EnvEnvironment  = "ENVIRONMENT"
	EnvInputBucket  = "INPUT_BUCKET"
	EnvOutputBucket = "OUTPUT_BUCKET"
	EnvDataKeyARN   = "DATA_KEY_ARN"
	EnvSecretARN    = "SECRET_ARN"
	EnvFieldPolicy  = "FIELD_POLICY"
	EnvKeyRefresh   = "KEY_REFRESH_INTERVAL"
)

// DefaultKeyRefresh is the key refresh interval when none is set.
const DefaultKeyRefresh = keysource.DefaultRefresh

// minKeyRefresh keeps a misconfigured interval from turning the key cache
// into a call per record.
const minKeyRefresh = time.Second

// Config holds the validated settings.
type Config struct {
	Environment  string
	InputBucket  string
	OutputBucket string
	DataKeyARN   string
	SecretARN    string
	Policy       *fieldpolicy.Policy
	// KeyRefresh is how often the secret's current version is checked.
	KeyRefresh time.Duration
}

var (
	environmentPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,31}$`)
	bucketPattern      = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
	keyARNPattern      = regexp.MustCompile(`^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key/[A-Za-z0-9-]+$`)
	secretARNPattern   = regexp.MustCompile(
		`^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$`)
)

// FromEnv reads the settings through getenv, usually os.Getenv.
func FromEnv(getenv func(string) string) (Config, error) {
	c := Config{
		Environment:  getenv(EnvEnvironment),
		InputBucket:  getenv(EnvInputBucket),
		OutputBucket: getenv(EnvOutputBucket),
		DataKeyARN:   getenv(EnvDataKeyARN),
		SecretARN:    getenv(EnvSecretARN),
	}

	errs := []error{
		check(EnvEnvironment, c.Environment, environmentPattern, "lowercase letters, digits and '-'"),
		check(EnvInputBucket, c.InputBucket, bucketPattern, "an S3 bucket name"),
		check(EnvOutputBucket, c.OutputBucket, bucketPattern, "an S3 bucket name"),
		check(EnvDataKeyARN, c.DataKeyARN, keyARNPattern, "a KMS key ARN (not an alias)"),
		check(EnvSecretARN, c.SecretARN, secretARNPattern, "a Secrets Manager secret ARN"),
	}
	if c.InputBucket != "" && c.InputBucket == c.OutputBucket {
		errs = append(errs, fmt.Errorf("%s and %s must differ: outputs would trigger processing",
			EnvInputBucket, EnvOutputBucket))
	}

	policy := getenv(EnvFieldPolicy)
	if policy == "" {
		errs = append(errs, fmt.Errorf("%s is not set", EnvFieldPolicy))
	} else if p, err := fieldpolicy.Parse([]byte(policy)); err != nil {
		errs = append(errs, fmt.Errorf("%s: %w", EnvFieldPolicy, err))
	} else {
		c.Policy = p
	}

	var err error
	if c.KeyRefresh, err = keyRefresh(getenv(EnvKeyRefresh)); err != nil {
		errs = append(errs, err)
	}

	if err := errors.Join(errs...); err != nil {
		return Config{}, fmt.Errorf("read configuration: %w", err)
	}
	return c, nil
}

func keyRefresh(value string) (time.Duration, error) {
	if value == "" {
		return DefaultKeyRefresh, nil
	}
	d, err := time.ParseDuration(value)
	if err != nil || d < minKeyRefresh {
		return 0, fmt.Errorf("%s must be a duration of at least %s, such as 5m", EnvKeyRefresh, minKeyRefresh)
	}
	return d, nil
}

func check(name, value string, pattern *regexp.Regexp, want string) error {
	if value == "" {
		return fmt.Errorf("%s is not set", name)
	}
	if !pattern.MatchString(value) {
		return fmt.Errorf("%s must be %s", name, want)
	}
	return nil
}
