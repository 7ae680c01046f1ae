package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// The Runtime Interface Emulator is built from its Go module at this
// version. It is installed outside this module because its go.mod asks
// for a newer go line than this module keeps.
const (
	riePackage = "github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie"
	rieVersion = "v0.0.0-20261030222936-bef5c4ba774d"
)

// Main packages of the functions.
const (
	processorPackage = "github.com/securepipe/securepipe/lambda/cmd/processor"
	rotatorPackage   = "github.com/securepipe/securepipe/lambda/cmd/rotator"
)

// goTool returns the path of the go command.
func goTool(tb testing.TB) string {
	tb.Helper()
	path, err := exec.LookPath("go")
	if err != nil {
		tb.Fatalf("find the go command to build the function: %v", err)
	}
	return path
}

// buildBootstrap builds the processor for the host into dir, with the
// flags of the release build but the host's platform.
func buildBootstrap(tb testing.TB, dir string, env ...string) string {
	tb.Helper()
	return buildFunction(tb, dir, processorPackage, env...)
}

// buildFunction builds the main package pkg as dir/bootstrap, with the
// flags of the release build.
func buildFunction(tb testing.TB, dir, pkg string, env ...string) string {
	tb.Helper()
	out := filepath.Join(dir, "bootstrap")
	cmd := exec.Command(goTool(tb), "build", "-tags", "lambda.norpc", "-trimpath", "-buildvcs=false",
		"-ldflags=-s -w -buildid=", "-o", out, pkg)
	cmd.Env = append(os.Environ(), append([]string{"CGO_ENABLED=0"}, env...)...)
	if b, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("build bootstrap: %v\n%s", err, b)
	}
	return out
}

// buildRIE installs the Runtime Interface Emulator into dir.
func buildRIE(tb testing.TB, dir string) string {
	tb.Helper()
	cmd := exec.Command(goTool(tb), "install", riePackage+"@"+rieVersion)
	cmd.Env = append(os.Environ(), "GOBIN="+dir, "GOFLAGS=", "GOWORK=off", "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("build the Runtime Interface Emulator %s@%s (is the Go module proxy reachable?): %v\n%s",
			riePackage, rieVersion, err, b)
	}
	return filepath.Join(dir, "aws-lambda-rie")
}
