package report_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/securepipe/securepipe/policies"
	"github.com/securepipe/securepipe/policies/report"
	"github.com/securepipe/securepipe/policies/template"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// result checks a prod template with an error, a waived error and a
// warning.
func result(t *testing.T) *policies.Result {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "out", "prod.json"))
	require.NoError(t, err)
	var d map[string]any
	require.NoError(t, json.Unmarshal(data, &d))
	res := d["Resources"].(map[string]any)
	props := func(id string) map[string]any { return res[id].(map[string]any)["Properties"].(map[string]any) }
	props("Vpc")["EnableDnsHostnames"] = false
	props("ProcessorRole")["ManagedPolicyArns"] = []any{"arn:aws:iam::aws:policy/ReadOnlyAccess"}
	props("IngestQueue")["KmsMasterKeyId"] = "alias/aws/sqs"
	data, err = json.MarshalIndent(d, "", "  ")
	require.NoError(t, err)
	tpl, err := template.Parse("out/prod.json", data)
	require.NoError(t, err)
	return policies.Check(policies.Input{Subjects: []policies.Subject{{
		Env: "prod", Template: tpl,
		Suppressions: []policies.Suppression{{
			Rule: "NET-005", Resource: "Vpc", Reason: "The VPC uses the network team's resolver.", Key: "suppressions.0",
		}},
		Locate: func(key string) (string, int) {
			return "templates/pipeline.yaml", map[string]int{"suppressions.0": 77}[key]
		},
	}}})
}

func TestWriters(t *testing.T) {
	tests := []struct {
		golden string
		write  func(*bytes.Buffer, *policies.Result) error
	}{
		{"findings.txt", func(b *bytes.Buffer, r *policies.Result) error { return report.Text(b, r) }},
		{"findings.json", func(b *bytes.Buffer, r *policies.Result) error { return report.JSON(b, r) }},
		{"findings.sarif", func(b *bytes.Buffer, r *policies.Result) error { return report.SARIF(b, r, "0.1.0") }},
		{"evidence.md", func(b *bytes.Buffer, r *policies.Result) error {
			return report.WriteEvidence(b, report.Evidence{
				Title: "pipeline prod", Env: "prod", Template: "out/prod.json", TemplateSHA256: "0123abcd",
				Spec: "templates/pipeline.yaml", SpecSHA256: "4567cdef", Generator: "securepipe 0.1.0", Resources: 40,
			}, r)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, tt.write(&buf, result(t)))
			golden(t, filepath.Join("testdata", "golden", tt.golden), buf.Bytes())
		})
	}
}

func TestSARIFIsValidJSON(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, report.SARIF(&buf, result(t), "0.1.0"))
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Rules []struct{ ID string } `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
			} `json:"results"`
		} `json:"runs"`
	}
	require.NoError(t, json.Unmarshal(buf.Bytes(), &log))
	require.Equal(t, "2.1.0", log.Version)
	run := log.Runs[0]
	require.Len(t, run.Tool.Driver.Rules, len(policies.Rules()))
	require.NotEmpty(t, run.Results)
	for _, r := range run.Results {
		require.Equal(t, r.RuleID, run.Tool.Driver.Rules[r.RuleIndex].ID)
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./policies/report -update to create it")
	require.Equal(t, string(want), string(got))
}
