// Command rotator is the Secrets Manager rotation function for the
// pipeline's pseudonymisation key. It builds its Secrets Manager client
// once per container and hands it to the rotation handler; see package
// rotation for the steps and the environment variables it reads.
package main

import (
	"context"
	"io"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/securepipe/securepipe/lambda/awsclient"
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

	awsCfg, err := awsclient.Config(context.Background(), log)
	if err != nil {
		log.Error("cannot start", "error", err.Error())
		return 1
	}

	rot := rotation.New(secretsmanager.NewFromConfig(awsCfg), cfg.SecretARN, cfg.KeyField)
	lambda.Start(rotation.NewHandler(rot, log).Handle)
	return 0
}
