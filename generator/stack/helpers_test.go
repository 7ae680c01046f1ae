package stack

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/securepipe/securepipe/generator/cfn"
	"github.com/securepipe/securepipe/generator/spec"
)

// template is a rendered template, decoded.
type template struct {
	t         *testing.T
	Resources map[string]resource
	Rules     map[string]any
	Outputs   map[string]any
	Metadata  map[string]any
	Parameter map[string]any `json:"Parameters"`
}

// Parameters returns the names of the template's parameters.
func (tm *template) Parameters() []string {
	var names []string
	for n := range tm.Parameter {
		names = append(names, n)
	}
	return names
}

type resource struct {
	Type                string
	Properties          map[string]any
	DeletionPolicy      string
	UpdateReplacePolicy string
	DependsOn           []string
}

// build renders the main template of environment name of
// testdata/spec.yaml.
func build(t *testing.T, name string) *template {
	t.Helper()
	return buildWith(t, name, Build)
}

// buildWith renders environment name of testdata/spec.yaml with builder.
func buildWith(t *testing.T, name string, builder func(*spec.Spec, spec.Env) (*cfn.Document, error)) *template {
	t.Helper()
	s, err := spec.Load("testdata/spec.yaml")
	require.NoError(t, err)
	env, err := s.Env(name)
	require.NoError(t, err)
	doc, err := builder(s, env)
	require.NoError(t, err)
	out, err := doc.Render()
	require.NoError(t, err)
	tmpl := &template{t: t}
	require.NoError(t, json.Unmarshal(out, tmpl))
	return tmpl
}

// props returns the properties of resource id, failing when it is absent.
func (tm *template) props(id string) map[string]any {
	tm.t.Helper()
	r, ok := tm.Resources[id]
	require.True(tm.t, ok, "no resource %s", id)
	return r.Properties
}

// ids returns the logical IDs of every resource.
func (tm *template) ids() []string {
	var ids []string
	for id := range tm.Resources {
		ids = append(ids, id)
	}
	return ids
}

// ofType returns the logical IDs of every resource of type typ.
func (tm *template) ofType(typ string) []string {
	var ids []string
	for id, r := range tm.Resources {
		if r.Type == typ {
			ids = append(ids, id)
		}
	}
	return ids
}

// statements returns the statements of a policy document value.
func statements(t *testing.T, doc any) []map[string]any {
	t.Helper()
	raw, err := json.Marshal(doc)
	require.NoError(t, err)
	var pd struct{ Statement []map[string]any }
	require.NoError(t, json.Unmarshal(raw, &pd))
	return pd.Statement
}

// bySid finds the statement with sid.
func bySid(t *testing.T, stmts []map[string]any, sid string) map[string]any {
	t.Helper()
	for _, s := range stmts {
		if s["Sid"] == sid {
			return s
		}
	}
	require.Failf(t, "no statement", "sid %s", sid)
	return nil
}

func ref(id string) map[string]any { return map[string]any{"Ref": id} }

func getAtt(id, attr string) map[string]any {
	return map[string]any{"Fn::GetAtt": []any{id, attr}}
}
