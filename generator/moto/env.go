package moto

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Dummy credentials and the one region the pipeline deploys to. moto accepts
// any credentials; these can sign nothing real.
const (
	AccessKeyID     = "testing"
	SecretAccessKey = "testing"
	Region          = "us-east-1"
)

// WithoutAWS returns env without any AWS_ variable, so that no real
// credential, profile or endpoint reaches a child process.
func WithoutAWS(env []string) []string {
	out := make([]string, 0, len(env))
	for _, kv := range env {
		if !strings.HasPrefix(kv, "AWS_") {
			out = append(out, kv)
		}
	}

	return out
}

// CLIEnv is the environment the AWS CLI runs in against a local endpoint:
// the parent's, minus anything AWS, plus dummy credentials, empty config
// files in dir and the endpoint for every service, so that no call can
// leave loopback.
func CLIEnv(parent []string, dir, endpoint string) ([]string, error) {
	config := filepath.Join(dir, "aws-config")
	creds := filepath.Join(dir, "aws-credentials")
	for _, f := range []string{config, creds} {
		if err := os.WriteFile(f, nil, 0o600); err != nil {
			return nil, fmt.Errorf("write empty AWS config: %w", err)
		}
	}

	return append(WithoutAWS(parent),
		"AWS_ACCESS_KEY_ID="+AccessKeyID,
		"AWS_SECRET_ACCESS_KEY="+SecretAccessKey,
		"AWS_DEFAULT_REGION="+Region,
		"AWS_CONFIG_FILE="+config,
		"AWS_SHARED_CREDENTIALS_FILE="+creds,
		"AWS_EC2_METADATA_DISABLED=true",
		"AWS_ENDPOINT_URL="+endpoint,
	), nil
}
