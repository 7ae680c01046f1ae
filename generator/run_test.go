package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	goodSpec = "testdata/valid/two-environments.yaml"
	badSpec  = "testdata/invalid/overlapping-cidrs.yaml"
)

// result is what one run of the command returned and printed.
type result struct {
	code           int
	stdout, stderr string
}

func runCommand(t *testing.T, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return result{code, stdout.String(), stderr.String()}
}

// snapshot returns every file under dir with its content, and every
// directory with a trailing slash, so that a test can tell whether a run
// changed anything. A dir that does not exist has an empty snapshot.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if path == dir && errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil || d.IsDir() {
			entries[rel+"/"] = ""
			return err
		}
		data, err := os.ReadFile(path)
		entries[rel] = string(data)
		return err
	})
	require.NoError(t, err)
	return entries
}

func TestRunHelp(t *testing.T) {
	for _, arg := range []string{"-h", "-help", "--help"} {
		t.Run(arg, func(t *testing.T) {
			r := runCommand(t, arg)

			assert.Equal(t, exitOK, r.code)
			assert.Empty(t, r.stdout)
			assert.True(t, strings.HasPrefix(r.stderr, usage), r.stderr)
			for _, flag := range []string{"-all", "-env", "-out", "-spec", "-suffix", "-v"} {
				assert.Contains(t, r.stderr, "\n  "+flag)
			}
		})
	}
}

func TestRunBadUsage(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		reason string
	}{
		{"no flags", nil, "give exactly one of -env NAME or -all"},
		{"both -env and -all", []string{"-env", "dev", "-all"}, "give exactly one of -env NAME or -all"},
		{"-suffix alone", []string{"-suffix", "review-42"}, "give exactly one of -env NAME or -all"},
		{"unknown flag", []string{"-all", "-nope"}, "flag provided but not defined: -nope"},
		{"flag without its value", []string{"-env"}, "flag needs an argument: -env"},
		{"bad boolean", []string{"-all", "-v=maybe"}, `invalid boolean value "maybe" for -v: parse error`},
		{"stray argument", []string{"-all", "prod"}, `unexpected argument "prod"`},
		{"-suffix with -all", []string{"-all", "-suffix", "review-42"}, "-suffix copies one environment; use it with -env, not -all"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCommand(t, tt.args...)

			assert.Equal(t, exitBadUsage, r.code)
			assert.Empty(t, r.stdout)
			assert.Equal(t, "generator: "+tt.reason+"\nRun with -h for usage.\n", r.stderr)
		})
	}
}

func TestRunFailureWritesNothing(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"bad spec", []string{"-all", "-spec", badSpec},
			"testdata/invalid/overlapping-cidrs.yaml:24: environments.prod.vpcCidr: 10.10.0.0/17 overlaps " +
				"environment dev's 10.10.0.0/16; give each environment a range of its own\n"},
		{"bad spec, one environment", []string{"-env", "dev", "-spec", badSpec},
			"testdata/invalid/overlapping-cidrs.yaml:24: environments.prod.vpcCidr: 10.10.0.0/17 overlaps " +
				"environment dev's 10.10.0.0/16; give each environment a range of its own\n"},
		{"no spec", []string{"-all", "-spec", "testdata/no-such.yaml"},
			"read spec: open testdata/no-such.yaml: no such file or directory\n"},
		{"unknown environment", []string{"-env", "qa", "-spec", goodSpec},
			`testdata/valid/two-environments.yaml: no environment "qa"; write one of dev, prod` + "\n"},
		{"suffix of another environment", []string{"-env", "dev", "-suffix", "prod", "-spec", goodSpec},
			`-suffix: suffix "prod" is environment prod's: an ephemeral copy needs a suffix of its own` + "\n"},
		{"invalid suffix", []string{"-env", "dev", "-suffix", "Review", "-spec", goodSpec},
			`-suffix: suffix "Review": use lowercase letters, digits and inner hyphens, such as prod or review-42` + "\n"},
	}
	outDirs := []struct {
		name  string
		setup func(t *testing.T) string
	}{
		{"out holds an earlier template", func(t *testing.T) string {
			dir := t.TempDir()
			require.NoError(t, os.WriteFile(filepath.Join(dir, "dev.json"), []byte("earlier\n"), 0o644))
			return dir
		}},
		{"out is empty", func(t *testing.T) string { return t.TempDir() }},
		{"out does not exist", func(t *testing.T) string { return filepath.Join(t.TempDir(), "out") }},
	}
	for _, tt := range tests {
		for _, out := range outDirs {
			t.Run(tt.name+"/"+out.name, func(t *testing.T) {
				dir := out.setup(t)
				before := snapshot(t, dir)

				r := runCommand(t, append(tt.args, "-out", dir)...)

				assert.Equal(t, exitFailed, r.code)
				assert.Empty(t, r.stdout)
				assert.Equal(t, "generator: nothing written\n"+tt.stderr, r.stderr)
				assert.Equal(t, before, snapshot(t, dir))
			})
		}
	}
}

func TestRunWritesTemplates(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		files []string
	}{
		{"every environment", []string{"-all"}, []string{"dev.json", "dev.evidence.md", "prod.json", "prod.evidence.md",
			"dev.bootstrap.json", "dev.bootstrap.evidence.md", "prod.bootstrap.json", "prod.bootstrap.evidence.md"}},
		{"one environment", []string{"-env", "prod"}, []string{"prod.json", "prod.evidence.md",
			"prod.bootstrap.json", "prod.bootstrap.evidence.md"}},
		{"an ephemeral copy", []string{"-env", "dev", "-suffix", "review-42"}, []string{"review-42.json", "review-42.evidence.md",
			"review-42.bootstrap.json", "review-42.bootstrap.evidence.md"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")

			r := runCommand(t, append(tt.args, "-spec", goodSpec, "-out", dir)...)

			require.Equal(t, exitOK, r.code, r.stderr)
			assert.Empty(t, r.stderr)
			var want strings.Builder
			for _, f := range tt.files {
				want.WriteString(filepath.Join(dir, f) + "\n")
			}
			assert.Equal(t, want.String(), r.stdout)
			files := snapshot(t, dir)
			assert.Len(t, files, len(tt.files)+1, "the templates, their evidence and the directory")
			for _, f := range tt.files {
				data, ok := files[f]
				require.True(t, ok, "%s is written", f)
				if strings.HasSuffix(f, ".json") {
					assert.True(t, json.Valid([]byte(data)), "%s is JSON", f)
				}
			}
		})
	}
}

func TestRunKeepsOtherFiles(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(dir, "staging.json")
	require.NoError(t, os.WriteFile(other, []byte("kept\n"), 0o644))

	r := runCommand(t, "-env", "dev", "-spec", goodSpec, "-out", dir)

	require.Equal(t, exitOK, r.code, r.stderr)
	got, err := os.ReadFile(other)
	require.NoError(t, err)
	assert.Equal(t, "kept\n", string(got))
}

func TestRunVerboseLogsOnStderr(t *testing.T) {
	dir := t.TempDir()

	r := runCommand(t, "-all", "-v", "-spec", goodSpec, "-out", dir)

	require.Equal(t, exitOK, r.code, r.stderr)
	var want strings.Builder
	for _, f := range []string{"dev.json", "dev.evidence.md", "prod.json", "prod.evidence.md",
		"dev.bootstrap.json", "dev.bootstrap.evidence.md", "prod.bootstrap.json", "prod.bootstrap.evidence.md"} {
		want.WriteString(filepath.Join(dir, f) + "\n")
	}
	assert.Equal(t, want.String(), r.stdout)
	assert.Contains(t, r.stderr, "msg=\"spec loaded\"")
	assert.Contains(t, r.stderr, "msg=\"template built\" environment=dev file=dev.json")
	assert.Contains(t, r.stderr, "msg=\"template built\" environment=prod file=prod.bootstrap.json")
}

func TestRunIsDeterministic(t *testing.T) {
	first, second := t.TempDir(), t.TempDir()

	require.Equal(t, exitOK, runCommand(t, "-all", "-spec", goodSpec, "-out", first).code)
	require.Equal(t, exitOK, runCommand(t, "-all", "-spec", goodSpec, "-out", second).code)

	a, b := snapshot(t, first), snapshot(t, second)
	require.Len(t, a, 9, "two main and two bootstrap templates, their evidence and the directory")
	assert.Equal(t, a, b)
}

func TestRunSuffixEndsEveryName(t *testing.T) {
	dir := t.TempDir()

	r := runCommand(t, "-env", "dev", "-suffix", "review-42", "-spec", goodSpec, "-out", dir)

	require.Equal(t, exitOK, r.code, r.stderr)
	data, err := os.ReadFile(filepath.Join(dir, "review-42.json"))
	require.NoError(t, err)
	names := physicalNames(t, data)
	require.GreaterOrEqual(t, len(names), 15, "every named resource and export is found: %v", names)
	for where, name := range names {
		assert.True(t, strings.HasSuffix(name, "-review-42"), "%s is %q", where, name)
	}
	assert.NotContains(t, string(data), "-dev\"", "no name keeps the environment's own suffix")
}

// nameProperties are the resource properties that hold a physical name.
var nameProperties = []string{
	"AliasName", "BucketName", "FunctionName", "GroupName", "LogGroupName", "QueueName", "RoleName", "TrailName",
}

// physicalNames returns every physical name a template gives, by where it
// stands: name properties, Name tags and export names. A name built with
// Fn::Sub counts by its text; references to other resources do not count.
func physicalNames(t *testing.T, data []byte) map[string]string {
	t.Helper()
	var tmpl struct {
		Resources map[string]struct {
			Properties map[string]any
		}
		Outputs map[string]struct {
			Export struct{ Name string }
		}
	}
	require.NoError(t, json.Unmarshal(data, &tmpl))
	names := map[string]string{}
	for id, res := range tmpl.Resources {
		for _, prop := range nameProperties {
			switch v := res.Properties[prop].(type) {
			case string:
				names[id+"."+prop] = v
			case map[string]any:
				if sub, ok := v["Fn::Sub"].(string); ok {
					names[id+"."+prop] = sub
				}
			}
		}
		tags, _ := res.Properties["Tags"].([]any)
		for _, tag := range tags {
			if kv, _ := tag.(map[string]any); kv["Key"] == "Name" {
				names[id+".Tags.Name"], _ = kv["Value"].(string)
			}
		}
	}
	for id, out := range tmpl.Outputs {
		if out.Export.Name != "" {
			names["Outputs."+id] = out.Export.Name
		}
	}
	return names
}
