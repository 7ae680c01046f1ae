// Command processor is the data-processing Lambda function. It builds its
// AWS clients once per container and hands them to the SQS handler; see
// package processor for what it does and package config for its settings.
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/smithy-go/logging"

	"github.com/securepipe/securepipe/lambda/config"
	"github.com/securepipe/securepipe/lambda/keysource"
	"github.com/securepipe/securepipe/lambda/processor"
)

func main() {
	os.Exit(run(os.Getenv, os.Stdout))
}

// run builds the handler and serves invocations; it returns only when the
// function cannot start.
func run(getenv func(string) string, stdout io.Writer) int {
	log := slog.New(slog.NewJSONHandler(stdout, nil))

	cfg, err := config.FromEnv(getenv)
	if err != nil {
		log.Error("cannot start", "error", err.Error())
		return 1
	}
	log = log.With("environment", cfg.Environment)

	awsCfg, err := awsconfig.LoadDefaultConfig(context.Background(), awsconfig.WithLogger(sdkLogger(log)))
	if err != nil {
		log.Error("cannot start", "error", fmt.Errorf("load AWS configuration: %w", err).Error())
		return 1
	}

	keys := keysource.New(secretsmanager.NewFromConfig(awsCfg), cfg.SecretARN, cfg.KeyRefresh)
	proc := processor.New(processor.Config{
		OutputBucket: cfg.OutputBucket, DataKeyARN: cfg.DataKeyARN, Policy: cfg.Policy,
	}, s3.NewFromConfig(awsCfg), keys)

	lambda.Start(processor.NewHandler(proc, cfg.InputBucket, log).Handle)
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
