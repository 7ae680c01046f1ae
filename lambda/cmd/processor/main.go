// Command processor is the data-processing Lambda function. It builds its
// AWS clients once per container and hands them to the SQS handler; see
// package processor for what it does and package config for its settings.
package main

import (
	"context"
	"io"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/securepipe/securepipe/lambda/awsclient"
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

	awsCfg, err := awsclient.Config(context.Background(), log)
	if err != nil {
		log.Error("cannot start", "error", err.Error())
		return 1
	}

	keys := keysource.New(secretsmanager.NewFromConfig(awsCfg), cfg.SecretARN, cfg.KeyRefresh)
	proc := processor.New(processor.Config{
		OutputBucket: cfg.OutputBucket, DataKeyARN: cfg.DataKeyARN, Policy: cfg.Policy,
	}, s3.NewFromConfig(awsCfg), keys)

	lambda.Start(processor.NewHandler(proc, cfg.InputBucket, log).Handle)
	return 0
}
