package policies_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/securepipe/securepipe/policies"
	"github.com/securepipe/securepipe/policies/template"
)

// shipped parses the generated templates of out/.
func shipped(tb testing.TB) []policies.Subject {
	tb.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "out", "*.json"))
	require.NoError(tb, err)
	require.NotEmpty(tb, paths)
	var out []policies.Subject
	for _, p := range paths {
		data, err := os.ReadFile(p)
		require.NoError(tb, err)
		tpl, err := template.Parse(p, data)
		require.NoError(tb, err)
		out = append(out, policies.Subject{Env: filepath.Base(p), Template: tpl})
	}
	return out
}

func TestShippedTemplatesHaveNoFindings(t *testing.T) {
	res := policies.Check(policies.Input{Subjects: shipped(t)})
	assert.False(t, res.Failed())
	assert.Empty(t, lines(res.Findings))
	assert.Len(t, res.Envs, 6, "each environment's main and bootstrap templates")
}

// TestTrailRuleScope: a template that runs code needs a trail of its own;
// one of storage alone, such as a bootstrap stack, relies on its
// environment's.
func TestTrailRuleScope(t *testing.T) {
	prod := loadDoc(t, "prod")
	delete(prod["Resources"].(map[string]any), "AuditTrail")
	res := policies.Check(policies.Input{Subjects: []policies.Subject{
		prod.subject(t, "prod"), loadDoc(t, "prod.bootstrap").subject(t, "prod-bootstrap"),
	}})
	var aud []string
	for _, f := range res.ForEnv("prod") {
		if f.Rule == "AUD-001" {
			aud = append(aud, f.Message)
		}
	}
	require.Len(t, aud, 1)
	assert.Regexp(t, `^the template has no CloudTrail trail, yet it creates \w+ \(AWS::[A-Za-z:]+\)\.$`, aud[0])
	for _, f := range res.ForEnv("prod-bootstrap") {
		assert.NotEqual(t, "AUD-001", f.Rule, f.Message)
	}
}

func TestSuppressions(t *testing.T) {
	tests := []struct {
		name       string
		sup        policies.Suppression
		suppressed bool
		failed     bool
	}{
		{"waives the finding", policies.Suppression{Rule: "NET-005", Resource: "Vpc", Reason: "resolver set up by the network team"}, true, false},
		{"another resource waives nothing", policies.Suppression{Rule: "NET-005", Resource: "DataKey", Reason: "wrong resource"}, false, true},
		{"another rule waives nothing", policies.Suppression{Rule: "NET-001", Resource: "Vpc", Reason: "wrong rule"}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := loadDoc(t, "prod")
			d.props("Vpc")["EnableDnsHostnames"] = false
			s := d.subject(t, "prod")
			s.Suppressions = []policies.Suppression{tt.sup}
			res := policies.Check(policies.Input{Subjects: []policies.Subject{s}})
			i := slices.IndexFunc(res.Findings, func(f policies.Finding) bool { return f.Rule == "NET-005" })
			require.GreaterOrEqual(t, i, 0)
			assert.Equal(t, tt.suppressed, res.Findings[i].Suppressed)
			if tt.suppressed {
				assert.Equal(t, tt.sup.Reason, res.Findings[i].Reason)
			}
			assert.Equal(t, tt.failed, res.Failed())
		})
	}
}

func TestSuppressionsLocateTheSpec(t *testing.T) {
	s := loadDoc(t, "prod").subject(t, "prod")
	s.Suppressions = []policies.Suppression{{Rule: "NET-005", Resource: "Nowhere", Reason: "x", Key: "suppressions.0"}}
	s.Locate = func(key string) (string, int) { return "spec.yaml", map[string]int{"suppressions.0": 42}[key] }
	res := policies.Check(policies.Input{Subjects: []policies.Subject{s}})
	require.Len(t, res.Findings, 1)
	assert.Equal(t, "SUP-001", res.Findings[0].Rule)
	assert.Equal(t, "spec.yaml", res.Findings[0].SpecFile)
	assert.Equal(t, 42, res.Findings[0].SpecLine)
}

func TestPeersOnlyMeetTheCrossEnvironmentRules(t *testing.T) {
	prod := loadDoc(t, "prod")
	prod.props("Vpc")["EnableDnsHostnames"] = false
	eu := renamed(t, "eu-prod")
	eu.props("Vpc")["CidrBlock"] = "10.30.0.0/20"
	res := policies.Check(policies.Input{
		Subjects: []policies.Subject{prod.subject(t, "prod")},
		Peers:    []policies.Subject{eu.subject(t, "eu-prod"), loadDoc(t, "prod").subject(t, "prod")},
	})
	var rules []string
	for _, f := range res.Findings {
		rules = append(rules, f.Rule)
	}
	assert.Equal(t, []string{"XENV-005", "NET-005"}, rules) // eu-prod sorts first
}

var securityHubControl = regexp.MustCompile(`^[A-Za-z0-9]+\.[0-9]+$`)

func TestCatalogue(t *testing.T) {
	criteria := map[string]bool{}
	for _, c := range policies.Criteria {
		criteria[c.ID] = true
	}
	ids := map[string]bool{}
	for _, r := range policies.Rules() {
		assert.Regexp(t, `^[A-Z0-9]+-[0-9]{3}$`, r.ID)
		assert.False(t, ids[r.ID], "%s twice", r.ID)
		ids[r.ID] = true
		assert.NotEmpty(t, r.Title, r.ID)
		assert.NotEmpty(t, r.Problem, r.ID)
		assert.NotEmpty(t, r.Fix, r.ID)
		require.NotEmpty(t, r.SOC2, r.ID)
		for _, c := range r.SOC2 {
			assert.True(t, criteria[c], "%s names criterion %s, which Criteria lacks", r.ID, c)
		}
		for _, c := range r.SecurityHub {
			assert.Regexp(t, securityHubControl, c, r.ID)
		}
	}
}

// BenchmarkCheckAllEnvironments parses the shipped templates and runs every
// rule on them, the cross-environment rules included, as the generator's
// check stage does.
func BenchmarkCheckAllEnvironments(b *testing.B) {
	paths, err := filepath.Glob(filepath.Join("..", "out", "*.json"))
	require.NoError(b, err)
	files := make([][]byte, len(paths))
	for i, p := range paths {
		files[i], err = os.ReadFile(p)
		require.NoError(b, err)
	}
	b.ReportAllocs()
	for b.Loop() {
		in := policies.Input{}
		for i, data := range files {
			tpl, err := template.Parse(paths[i], data)
			if err != nil {
				b.Fatal(err)
			}
			in.Subjects = append(in.Subjects, policies.Subject{Env: paths[i], Template: tpl})
		}
		if res := policies.Check(in); res.Failed() {
			b.Fatal("the shipped templates fail the check")
		}
	}
}
