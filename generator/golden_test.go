package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/securepipe/securepipe/generator/spec"
)

var update = flag.Bool("update", false, "rewrite out/ from templates/pipeline.yaml")

// repoRoot returns the directory holding go.mod, above the test's own.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	require.NoError(t, err)
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		require.NotEqual(t, dir, parent, "no go.mod above the test directory")
		dir = parent
	}
}

// projectSpec loads templates/pipeline.yaml.
func projectSpec(t *testing.T) (path string, s *spec.Spec) {
	t.Helper()
	path = filepath.Join(repoRoot(t), "templates", "pipeline.yaml")
	s, err := spec.Load(path)
	require.NoError(t, err)
	require.NotEmpty(t, s.Envs)
	return path, s
}

// generateAll runs the command for every environment of specPath into dir.
func generateAll(t *testing.T, specPath, dir string) {
	t.Helper()
	r := runCommand(t, "-all", "-spec", specPath, "-out", dir)
	require.Equal(t, exitOK, r.code, r.stderr)
}

// TestGolden checks that out/ holds exactly what the spec generates. Run
// with -update after changing the spec or the builders:
//
//	go test ./generator -run TestGolden -update
func TestGolden(t *testing.T) {
	specPath, s := projectSpec(t)
	out := filepath.Join(repoRoot(t), "out")
	if *update {
		// From the root, so that the evidence names the spec as
		// make generate does.
		t.Chdir(repoRoot(t))
		generateAll(t, "templates/pipeline.yaml", "out")
	}
	dir := t.TempDir()
	generateAll(t, specPath, dir)

	var expected []string
	for _, env := range s.Envs {
		for _, k := range kinds {
			name := k.file(env)
			expected = append(expected, filepath.Join(out, name))
			t.Run(name, func(t *testing.T) {
				want, err := os.ReadFile(filepath.Join(out, name))
				require.NoError(t, err, "out/%s is missing; run with -update", name)
				got, err := os.ReadFile(filepath.Join(dir, name))
				require.NoError(t, err)
				if !bytes.Equal(want, got) {
					t.Errorf("out/%s differs from what the spec generates, first at line %d; run with -update",
						name, firstDifference(want, got))
				}
			})
		}
	}

	committed, err := filepath.Glob(filepath.Join(out, "*.json"))
	require.NoError(t, err)
	assert.ElementsMatch(t, expected, committed, "out/ holds a template of no environment: remove it")
}

// firstDifference returns the first line at which a and b differ.
func firstDifference(a, b []byte) int {
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return i + 1
		}
	}
	return min(len(al), len(bl)) + 1
}
