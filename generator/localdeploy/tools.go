package localdeploy

import (
	"errors"
	"fmt"
	"os/exec"
)

// Tool names the harness runs.
const (
	motoServerTool = "moto_server"
	awsTool        = "aws"
)

// ErrToolMissing is wrapped by the error Run returns when a tool it needs is
// not on PATH; tests use it to skip.
var ErrToolMissing = errors.New("tool missing")

// installHints says how to get each tool.
var installHints = map[string]string{
	motoServerTool: "moto_server stands in for AWS on loopback. " +
		"Install it with: pip install 'moto[server]==5.2.1'",
	awsTool: "the AWS CLI runs the same `aws cloudformation deploy` a user runs. " +
		"Install it with: pip install 'awscli==1.45.11'",
}

// lookTool finds a tool on PATH or says how to install it.
func lookTool(name string) (string, error) {
	path, err := exec.LookPath(name)
	if err != nil {
		return "", fmt.Errorf("find %s: %w: %s is not on PATH; %s",
			name, ErrToolMissing, name, installHints[name])
	}

	return path, nil
}

// MissingTools lists the tools a local deploy needs that are not on PATH,
// each with how to install it. startsMoto says whether moto_server is needed.
func MissingTools(startsMoto bool) []string {
	names := []string{awsTool}
	if startsMoto {
		names = append([]string{motoServerTool}, names...)
	}

	var missing []string
	for _, n := range names {
		if _, err := exec.LookPath(n); err != nil {
			missing = append(missing, n+": "+installHints[n])
		}
	}

	return missing
}
