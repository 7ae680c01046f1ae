// Command rotator is the Secrets Manager rotation function for the
// pipeline's pseudonymisation key. It builds its Secrets Manager client
// once per container and hands it to the rotation handler; see package
// rotation for the steps and the environment variables it reads.
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/smithy-go/logging"

	"github.com/securepipe/securepipe/lambda/rotation"
)

func main() {
	os.Exit(run(os.Getenv, os.Stdout))
}

// run builds the handler and serves invocations; it returns only when the
// function cannot start.
func run(getenv func(string) string, stdout io.Writer) int {
	log := slog.New(slog.NewJSONHandler(stdout, nil))

	cfg, err := rotation.ConfigFromEnv(getenv)
	if err != nil {
		log.Error("cannot start", "error", err.Error())
		return 1
	}

	awsCfg, err := awsconfig.LoadDefaultConfig(context.Background(), awsconfig.WithLogger(sdkLogger(log)))
	if err != nil {
		log.Error("cannot start", "error", fmt.Errorf("load AWS configuration: %w", err).Error())
		return 1
	}

	rot := rotation.New(secretsmanager.NewFromConfig(awsCfg), cfg.SecretARN, cfg.KeyField)
	lambda.Start(rotation.NewHandler(rot, log).Handle)
	return 0
}

// sdkLogger passes the SDK's warnings to log and drops its debug notes.
func sdkLogger(log *slog.Logger) logging.Logger {
	return logging.LoggerFunc(func(c logging.Classification, format string, v ...any) {
		if c == logging.Warn {
			log.Warn(fmt.Sprintf(format, v...), "source", "aws-sdk")
		}
	})
}
