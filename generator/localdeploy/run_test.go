package localdeploy

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/securepipe/securepipe/generator/moto"
)

// deployTimeout bounds one environment's whole run: start, deploy, check,
// delete, stop.
const deployTimeout = 90 * time.Second

// TestRunDeploysEveryTemplate deploys each generated template under out/,
// or the fixture in testdata/valid/ while there is none, to a fresh moto.
func TestRunDeploysEveryTemplate(t *testing.T) {
	requireTools(t)

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
		if strings.Contains(name, ".") {
			continue // prod.bootstrap.json and the like: no secret, no function to check
		}
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

// requireTools skips a test that deploys when a tool is missing.
func requireTools(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("deploys to moto_server; not run with -short")
	}
	if missing := MissingTools(true); len(missing) > 0 {
		msg := fmt.Sprintf("the local deploy needs tools that are not on PATH:\n%s", strings.Join(missing, "\n"))
		if os.Getenv("SECUREPIPE_REQUIRE_MOTO") == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
}

// writeVariant writes the fixture, changed by edit and indented by indent
// spaces, to a temporary dev.json.
func writeVariant(t *testing.T, indent int, edit func(doc map[string]any)) string {
	t.Helper()
	data, err := os.ReadFile(fixture)
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(data, &doc))
	if edit != nil {
		edit(doc)
	}

	out, err := json.MarshalIndent(doc, "", strings.Repeat(" ", indent))
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "dev.json")
	require.NoError(t, os.WriteFile(path, out, 0o644))
	return path
}

func TestRunUploadsLargeTemplate(t *testing.T) {
	requireTools(t)
	path := writeVariant(t, 10, nil)
	info, err := os.Stat(path)
	require.NoError(t, err)
	require.Greater(t, info.Size(), int64(maxInlineTemplate))

	var out bytes.Buffer
	err = Run(context.Background(), Options{TemplatePath: path, Env: "dev"}, &out, &out)
	t.Log("\n" + out.String())

	require.NoError(t, err)
	assert.Contains(t, out.String(), "--s3-bucket securepipe-artifacts-dev-local")
	assert.Contains(t, out.String(), "moto workaround [template-url-host]")
	assert.Contains(t, out.String(), "stack deleted")
}

func TestRunReportsFailedChecks(t *testing.T) {
	requireTools(t)
	path := writeVariant(t, 2, func(doc map[string]any) {
		group := dig(doc, "Resources", "FlowLogGroup", "Properties").(map[string]any)
		delete(group, "RetentionInDays")
	})

	var out bytes.Buffer
	err := Run(context.Background(), Options{TemplatePath: path, Env: "dev"}, &out, &out)
	t.Log("\n" + out.String())

	require.ErrorContains(t, err, "1 check(s) failed")
	assert.ErrorContains(t, err, "FlowLogGroup retention set: the template sets no RetentionInDays")
	assert.Contains(t, out.String(), "FAIL    FlowLogGroup")
	assert.Contains(t, out.String(), "stack deleted", "a failed check must not leave the stack behind")
}

func TestRunStopsMotoWhenDeployFails(t *testing.T) {
	requireTools(t)
	path := writeVariant(t, 2, func(doc map[string]any) {
		doc["Parameters"].(map[string]any)["Unset"] = map[string]any{"Type": "String"}
	})

	var out bytes.Buffer
	err := Run(context.Background(), Options{TemplatePath: path, Env: "dev"}, &out, &out)
	t.Log("\n" + out.String())

	require.ErrorContains(t, err, "run aws cloudformation deploy")
	t.Log(err)
	endpoint := regexp.MustCompile(`listening at (\S+)`).FindStringSubmatch(out.String())
	require.Len(t, endpoint, 2)
	_, err = http.Get(endpoint[1])
	assert.Error(t, err, "moto_server must be stopped after a failed deploy")
}

// TestRunOnGivenEndpointTwice runs against a server the harness did not
// start, first with the placeholder package, then with a given one: the
// first run must leave nothing that trips the second.
func TestRunOnGivenEndpointTwice(t *testing.T) {
	requireTools(t)
	bin, err := lookTool(motoServerTool)
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), deployTimeout)
	defer cancel()
	srv, err := moto.Start(ctx, bin, moto.WithoutAWS(os.Environ()), t.TempDir(), slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	defer srv.Stop()

	zipPath, err := writePlaceholderZip(t.TempDir())
	require.NoError(t, err)
	for i, zip := range []string{"", zipPath} {
		var out bytes.Buffer
		err := Run(ctx, Options{TemplatePath: fixture, Env: "dev", Endpoint: srv.Endpoint,
			FunctionZip: zip}, &out, &out)
		t.Logf("run %d:\n%s", i+1, out.String())

		require.NoError(t, err, "run %d", i+1)
		assert.Contains(t, out.String(), "using the moto server at "+srv.Endpoint)
		assert.NotContains(t, out.String(), "moto workaround [account]")
		assert.Equal(t, zip == "", strings.Contains(out.String(), "using a placeholder zip"))
	}
}
