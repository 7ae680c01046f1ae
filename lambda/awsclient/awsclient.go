// Package awsclient loads the AWS configuration the functions build their
// clients from, once per container, with the SDK's warnings in the
// function's own JSON log.
package awsclient

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/smithy-go/logging"
)

// Config loads the default AWS configuration (the function's role, the
// region, and any endpoint the standard settings name).
func Config(ctx context.Context, log *slog.Logger) (aws.Config, error) {
	cfg, err := awsconfig.LoadDefaultConfig(ctx, awsconfig.WithLogger(sdkLogger(log)))
	if err != nil {
		return aws.Config{}, fmt.Errorf("load AWS configuration: %w", err)
	}
	return cfg, nil
}

// sdkLogger passes the SDK's warnings to log and drops its debug notes.
func sdkLogger(log *slog.Logger) logging.Logger {
	return logging.LoggerFunc(func(c logging.Classification, format string, v ...any) {
		if c == logging.Warn {
			log.Warn(fmt.Sprintf(format, v...), "source", "aws-sdk")
		}
	})
}
