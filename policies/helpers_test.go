package policies_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/securepipe/securepipe/policies"
	"github.com/securepipe/securepipe/policies/report"
	"github.com/securepipe/securepipe/policies/template"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// doc is a template as decoded JSON, for tests to break on purpose.
type doc map[string]any

// loadDoc reads a shipped template of out/, which every rule passes.
func loadDoc(t *testing.T, name string) doc {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "out", name+".json"))
	require.NoError(t, err)
	var d doc
	require.NoError(t, json.Unmarshal(data, &d))
	return d
}

// renamed returns the dev template as if generated for suffix: every
// whole-word "dev" becomes suffix.
func renamed(t *testing.T, suffix string) doc {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "out", "dev.json"))
	require.NoError(t, err)
	data = regexp.MustCompile(`\bdev\b`).ReplaceAll(data, []byte(suffix))
	var d doc
	require.NoError(t, json.Unmarshal(data, &d))
	return d
}

// replaced returns d with every occurrence of old replaced by new in its
// JSON text.
func (d doc) replaced(old, new string) doc {
	data, err := json.Marshal(d)
	if err != nil {
		panic(err)
	}
	var out doc
	if err := json.Unmarshal([]byte(strings.ReplaceAll(string(data), old, new)), &out); err != nil {
		panic(err)
	}
	return out
}

func (d doc) res(id string) map[string]any {
	return d["Resources"].(map[string]any)[id].(map[string]any)
}

func (d doc) props(id string) map[string]any { return d.res(id)["Properties"].(map[string]any) }

// statements returns the statements of the policy document at path.
func (d doc) statements(id string, path ...string) []any {
	var v any = d.props(id)
	for _, p := range path {
		switch c := v.(type) {
		case map[string]any:
			v = c[p]
		case []any:
			v = c[index(p)]
		}
	}
	return v.(map[string]any)["Statement"].([]any)
}

func (d doc) setStatements(id string, statements []any, path ...string) {
	var v any = d.props(id)
	for _, p := range path {
		switch c := v.(type) {
		case map[string]any:
			v = c[p]
		case []any:
			v = c[index(p)]
		}
	}
	v.(map[string]any)["Statement"] = statements
}

func index(p string) int {
	n := 0
	for _, c := range p {
		n = n*10 + int(c-'0')
	}
	return n
}

// statement returns the statement with the given Sid.
func (d doc) statement(id, sid string, path ...string) map[string]any {
	for _, s := range d.statements(id, path...) {
		if s.(map[string]any)["Sid"] == sid {
			return s.(map[string]any)
		}
	}
	panic("no statement " + sid + " in " + id)
}

func (d doc) without(id, sid string, path ...string) {
	var kept []any
	for _, s := range d.statements(id, path...) {
		if s.(map[string]any)["Sid"] != sid {
			kept = append(kept, s)
		}
	}
	d.setStatements(id, kept, path...)
}

func (d doc) add(id, typ string, props map[string]any) {
	d["Resources"].(map[string]any)[id] = map[string]any{
		"Type": typ, "Properties": props, "DeletionPolicy": "Delete", "UpdateReplacePolicy": "Delete",
	}
}

// condition declares condition name, and the Stage parameter conditions
// may compare.
func (d doc) condition(name string, def any) {
	if d["Conditions"] == nil {
		d["Conditions"] = map[string]any{}
	}
	d["Conditions"].(map[string]any)[name] = def
	d["Parameters"].(map[string]any)["Stage"] = map[string]any{"Type": "String", "AllowedValues": []any{"prod", "test"}}
}

// tags are the tags of the prod environment.
func tags() []any {
	return []any{
		map[string]any{"Key": "DataClassification", "Value": "restricted"},
		map[string]any{"Key": "Environment", "Value": "prod"},
		map[string]any{"Key": "Owner", "Value": "data-platform-oncall@example.com"},
	}
}

// subject parses d as the template of env.
func (d doc) subject(t *testing.T, env string) policies.Subject {
	t.Helper()
	data, err := json.MarshalIndent(d, "", "  ")
	require.NoError(t, err)
	tpl, err := template.Parse(env+".json", data)
	require.NoError(t, err)
	return policies.Subject{Env: env, Template: tpl}
}

// lines renders findings as the text report does.
func lines(fs []policies.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(report.Line(f))
		b.WriteByte('\n')
	}
	return b.String()
}

// golden compares got with the golden file, or rewrites it with -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./policies/... -update to create it")
	require.Equal(t, string(want), string(got))
}
