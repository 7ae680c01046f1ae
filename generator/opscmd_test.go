package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestOpsCommandLine(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"help", []string{"ops", "-h"}, exitOK, "Usage: go run ./generator ops COMMAND -env NAME"},
		{"a command's help", []string{"ops", "deploy", "-h"}, exitOK, "-endpoint-url"},
		{"no command", []string{"ops"}, exitBadUsage,
			"generator ops: give a command, one of bootstrap, deploy, destroy, mfa-delete, package, plan\n"},
		{"unknown command", []string{"ops", "apply", "-env", "dev"}, exitBadUsage, "give a command, one of"},
		{"no environment", []string{"ops", "deploy"}, exitBadUsage, "generator ops deploy: give -env NAME and no other argument"},
		{"an argument", []string{"ops", "plan", "-env", "dev", "now"}, exitBadUsage, "give -env NAME and no other argument"},
		{"unknown flag", []string{"ops", "plan", "-env", "dev", "-force"}, exitBadUsage, "flag provided but not defined: -force"},
		{"bad MFA", []string{"ops", "mfa-delete", "-env", "dev", "-mfa", "123456"}, exitFailed,
			`generator ops mfa-delete: MFA="123456": give the root user's MFA device ARN and a current code`},
		{"unknown environment", []string{"ops", "deploy", "-env", "qa", "-spec", "../templates/pipeline.yaml"}, exitFailed,
			`no environment "qa"; write one of dev, staging, prod`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCommand(t, tt.args...)
			assert.Equal(t, tt.code, r.code, r.stderr)
			assert.Contains(t, r.stderr, tt.stderr)
			assert.Empty(t, r.stdout)
		})
	}
}
