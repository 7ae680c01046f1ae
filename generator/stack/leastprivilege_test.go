package stack

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/securepipe/securepipe/generator/naming"
	"github.com/securepipe/securepipe/generator/spec"
	"github.com/securepipe/securepipe/lambda/permissions"
)

// measuredRoles are the function roles whose code's permissions are
// measured, with the statements for what Lambda or Secrets Manager do with
// the role on the function's behalf, which the function's own end-to-end
// tests cannot observe: polling the queue, writing the logs, attaching to
// the VPC, and Secrets Manager using the secret's key.
var measuredRoles = []struct {
	role         string
	want         []permissions.Grant
	platformSids []string
}{
	{ProcessorRole, permissions.Grants(), []string{"ConsumeIngestQueue", "WriteOwnLogs",
		"DescribeVpcNetworkInterfaces", "ManageVpcNetworkInterfaces", "DecryptApiSecret"}},
	{RotatorRole, permissions.RotatorGrants(), []string{"WriteOwnLogs",
		"DescribeVpcNetworkInterfaces", "ManageVpcNetworkInterfaces", "UseApiSecretKey"}},
}

// TestRolesAllowExactlyWhatTheFunctionsDo reads every committed template
// and checks that each function role allows exactly the operations the
// function performed in its end-to-end tests, on exactly those resources:
// nothing missing, nothing more.
func TestRolesAllowExactlyWhatTheFunctionsDo(t *testing.T) {
	s, err := spec.Load("../../templates/pipeline.yaml")
	require.NoError(t, err)
	for _, env := range s.Envs {
		for _, m := range measuredRoles {
			t.Run(env.Name+"/"+m.role, func(t *testing.T) {
				checkMeasuredRole(t, s, env, m.role, m.want, m.platformSids)
			})
		}
	}
}

func checkMeasuredRole(t *testing.T, s *spec.Spec, env spec.Env, roleID string, want []permissions.Grant, platformSids []string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "out", env.Suffix+".json"))
	require.NoError(t, err)
	var tmpl struct{ Resources map[string]resource }
	require.NoError(t, json.Unmarshal(data, &tmpl))
	role := tmpl.Resources[roleID].Properties
	policies := role["Policies"].([]any)
	require.Len(t, policies, 1)

	var got []permissions.Grant
	names := env.Names(s.Project)
	for _, st := range statements(t, policies[0].(map[string]any)["PolicyDocument"]) {
		if st["Effect"] != "Allow" || slices.Contains(platformSids, st["Sid"].(string)) {
			continue
		}
		for _, r := range st["Resource"].([]any) {
			pattern := asPattern(t, r, names, env.Secret.ARN)
			for _, a := range st["Action"].([]any) {
				got = append(got, permissions.Grant{Action: a.(string), Resource: pattern})
			}
		}
	}
	permissions.SortGrants(got)
	assert.Equal(t, string(permissions.Format(want)), string(permissions.Format(got)))
}

// asPattern turns a rendered resource back into the measured pattern form,
// with the deployment's names replaced by their variables.
func asPattern(t *testing.T, v any, names naming.Names, secretARN string) string {
	t.Helper()
	switch v := v.(type) {
	case string:
		if v == secretARN {
			return "${" + permissions.VarSecretARN + "}"
		}
		return v
	case map[string]any:
		if att, ok := v["Fn::GetAtt"].([]any); ok && att[0] == DataKey && att[1] == "Arn" {
			return "${" + permissions.VarDataKeyARN + "}"
		}
		s, ok := v["Fn::Sub"].(string)
		require.True(t, ok, "unexpected resource %v", v)
		return strings.NewReplacer(
			"${AWS::Partition}", "aws",
			names.Of(naming.InputBucket), "${"+permissions.VarInputBucket+"}",
			names.Of(naming.OutputBucket), "${"+permissions.VarOutputBucket+"}",
		).Replace(s)
	}
	t.Fatalf("unexpected resource %v", v)
	return ""
}
