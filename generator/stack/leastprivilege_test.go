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

// platformSids are the processor role's statements for what Lambda does
// with the role on the function's behalf, which the function's own
// end-to-end tests cannot observe: polling the queue, writing the logs,
// attaching to the VPC, and Secrets Manager decrypting the secret.
var platformSids = []string{
	"ConsumeIngestQueue", "WriteOwnLogs", "DescribeVpcNetworkInterfaces",
	"ManageVpcNetworkInterfaces", "DecryptApiSecret",
}

// TestProcessorRoleAllowsExactlyWhatTheFunctionDoes reads every committed
// template and checks that its processor role allows exactly the operations
// the function performed in its end-to-end tests, on exactly those
// resources: nothing missing, nothing more.
func TestProcessorRoleAllowsExactlyWhatTheFunctionDoes(t *testing.T) {
	s, err := spec.Load("../../templates/pipeline.yaml")
	require.NoError(t, err)
	want := permissions.Grants()
	for _, env := range s.Envs {
		t.Run(env.Name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("..", "..", "out", env.Suffix+".json"))
			require.NoError(t, err)
			var tmpl struct{ Resources map[string]resource }
			require.NoError(t, json.Unmarshal(data, &tmpl))
			role := tmpl.Resources[ProcessorRole].Properties
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
		})
	}
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
