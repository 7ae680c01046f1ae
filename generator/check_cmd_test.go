package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runIn runs the command from the repository root.
func runIn(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	t.Chdir("..")
	var out, errs bytes.Buffer
	code = run(args, &out, &errs)
	return code, out.String(), errs.String()
}

func TestCheckCommand(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"shipped templates pass", []string{"check", "out/dev.json", "out/staging.json", "out/prod.json"}, exitOK, "3 templates, "},
		{"open ingress fails", []string{"check", "generator/testdata/violations/open-ssh.yaml"}, exitFailed, "error NET-009 [open-ssh] Open: rule allows ingress from 0.0.0.0/0"},
		{"with the spec's environment", []string{"check", "-spec", "templates/pipeline.yaml", "-env", "prod", "out/prod.json"}, exitOK, "1 template, "},
		{"no template", []string{"check"}, exitBadUsage, "name at least one template"},
		{"unknown format", []string{"check", "-format", "xml", "out/prod.json"}, exitBadUsage, `unknown format "xml"`},
		{"spec without env", []string{"check", "-spec", "templates/pipeline.yaml", "out/prod.json"}, exitBadUsage, "give -spec and -env together"},
		{"unknown env", []string{"check", "-spec", "templates/pipeline.yaml", "-env", "qa", "out/prod.json"}, exitBadUsage, `no environment "qa"`},
		{"missing file", []string{"check", "out/none.json"}, exitBadUsage, "read template"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runIn(t, tt.args...)
			assert.Equal(t, tt.code, code, stderr)
			assert.Contains(t, stderr, tt.stderr)
		})
	}
}

func TestCheckCommandWritesReports(t *testing.T) {
	for _, format := range []string{"json", "sarif"} {
		t.Run(format, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "report."+format)
			code, stdout, _ := runIn(t, "check", "-format", format, "-o", path, "generator/testdata/violations/open-ssh.yaml")
			assert.Equal(t, exitFailed, code)
			assert.Empty(t, stdout)
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.True(t, json.Valid(data))
			assert.Contains(t, string(data), "NET-009")
		})
	}
}

func TestGenerateRefusesFindings(t *testing.T) {
	t.Chdir("..")
	spec, err := os.ReadFile("templates/pipeline.yaml")
	require.NoError(t, err)
	bad := strings.Replace(string(spec), "    suffix: prod\n",
		"    suffix: prod\n    suppressions:\n      - rule: NET-099\n        resource: Vpc\n        reason: no such rule\n", 1)
	dir := t.TempDir()
	specPath := filepath.Join(dir, "spec.yaml")
	require.NoError(t, os.WriteFile(specPath, []byte(bad), 0o644))
	out := filepath.Join(dir, "out")

	var stdout, stderr bytes.Buffer
	code := run([]string{"-env", "prod", "-spec", specPath, "-out", out}, &stdout, &stderr)

	assert.Equal(t, exitFailed, code)
	assert.Contains(t, stderr.String(), `error SUP-001 [prod] Vpc: suppression names rule "NET-099"`)
	assert.Contains(t, stderr.String(), "nothing written")
	assert.NoDirExists(t, out)
}
