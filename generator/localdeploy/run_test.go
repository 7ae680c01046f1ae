package localdeploy

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// deployTimeout bounds one environment's whole run: start, deploy, check,
// delete, stop.
const deployTimeout = 90 * time.Second

// TestRunDeploysEveryTemplate deploys each generated template under out/,
// or the fixture in testdata/valid/ while there is none, to a fresh moto.
func TestRunDeploysEveryTemplate(t *testing.T) {
	if testing.Short() {
		t.Skip("deploys to moto_server; not run with -short")
	}
	if missing := MissingTools(true); len(missing) > 0 {
		t.Skipf("the local deploy needs tools that are not on PATH:\n%s", strings.Join(missing, "\n"))
	}

	for _, tc := range deployTemplates(t) {
		t.Run(tc.env, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), deployTimeout)
			defer cancel()
			before, err := os.ReadFile(tc.path)
			require.NoError(t, err)

			var out bytes.Buffer
			err = Run(ctx, Options{TemplatePath: tc.path, Env: tc.env}, &out, &out)
			t.Log("\n" + out.String())

			require.NoError(t, err)
			assert.Contains(t, out.String(), "stack deleted")
			assert.NotContains(t, out.String(), "\n   FAIL")
			after, err := os.ReadFile(tc.path)
			require.NoError(t, err)
			assert.Equal(t, before, after, "the template under test must stay as it was")
		})
	}
}

type deployCase struct {
	env  string
	path string
}

// deployTemplates lists out/*.json at the module root, else the fixtures.
func deployTemplates(t *testing.T) []deployCase {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(moduleRoot(t), "out", "*.json"))
	require.NoError(t, err)
	if len(paths) == 0 {
		t.Log("no out/*.json yet: deploying the fixtures in testdata/valid/")
		paths, err = filepath.Glob(filepath.Join("testdata", "valid", "*.json"))
		require.NoError(t, err)
	}
	require.NotEmpty(t, paths, "no template to deploy")

	var cases []deployCase
	for _, p := range paths {
		name := strings.TrimSuffix(filepath.Base(p), ".json")
		cases = append(cases, deployCase{env: name[strings.LastIndex(name, "-")+1:], path: p})
	}
	return cases
}

// moduleRoot walks up from the test's directory to the one holding go.mod.
func moduleRoot(t *testing.T) string {
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
