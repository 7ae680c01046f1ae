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

// securityHubControls are the Security Hub controls the catalogue may
// name, with their titles as the Security Hub user guide gives them. A
// rule names a control only when the control judges what the rule does.
var securityHubControls = map[string]string{
	"CloudTrail.1":     "CloudTrail should be enabled and configured with at least one multi-Region trail that includes read and write management events",
	"CloudTrail.2":     "CloudTrail should have encryption at-rest enabled",
	"CloudTrail.4":     "CloudTrail log file validation should be enabled",
	"CloudTrail.5":     "CloudTrail trails should be integrated with Amazon CloudWatch Logs",
	"CloudTrail.9":     "CloudTrail trails should be tagged",
	"CloudWatch.16":    "CloudWatch log groups should be retained for a specified time period",
	"EC2.6":            "VPC flow logging should be enabled in all VPCs",
	"EC2.9":            "Amazon EC2 instances should not have a public IPv4 address",
	"EC2.15":           "Amazon EC2 subnets should not automatically assign public IP addresses",
	"EC2.18":           "Security groups should only allow unrestricted incoming traffic for authorized ports",
	"EC2.19":           "Security groups should not allow unrestricted access to ports with high risk",
	"EC2.25":           "Amazon EC2 launch templates should not assign public IPs to network interfaces",
	"EC2.42":           "EC2 route tables should be tagged",
	"EC2.43":           "EC2 security groups should be tagged",
	"EC2.44":           "EC2 subnets should be tagged",
	"EC2.46":           "Amazon VPCs should be tagged",
	"EC2.48":           "Amazon VPC flow logs should be tagged",
	"EC2.53":           "EC2 security groups should not allow ingress from 0.0.0.0/0 to remote server administration ports",
	"EC2.54":           "EC2 security groups should not allow ingress from ::/0 to remote server administration ports",
	"IAM.1":            "IAM policies should not allow full \"*\" administrative privileges",
	"IAM.21":           "IAM customer managed policies that you create should not allow wildcard actions for services",
	"IAM.24":           "IAM roles should be tagged",
	"KMS.1":            "IAM customer managed policies should not allow decryption actions on all KMS keys",
	"KMS.2":            "IAM principals should not have IAM inline policies that allow decryption actions on all KMS keys",
	"KMS.4":            "AWS KMS key rotation should be enabled",
	"KMS.5":            "KMS keys should not be publicly accessible",
	"Lambda.1":         "Lambda function policies should prohibit public access",
	"Lambda.3":         "Lambda functions should be in a VPC",
	"Lambda.6":         "Lambda functions should be tagged",
	"S3.5":             "S3 general purpose buckets should require requests to use SSL",
	"S3.8":             "S3 general purpose buckets should block public access",
	"S3.14":            "S3 general purpose buckets should have versioning enabled",
	"S3.17":            "S3 general purpose buckets should be encrypted at rest with AWS KMS keys",
	"S3.22":            "S3 general purpose buckets should log object-level write events",
	"S3.23":            "S3 general purpose buckets should log object-level read events",
	"SNS.1":            "SNS topics should be encrypted at-rest using AWS KMS",
	"SNS.4":            "SNS topic access policies should not allow public access",
	"SQS.1":            "Amazon SQS queues should be encrypted at rest",
	"SQS.2":            "SQS queues should be tagged",
	"SQS.3":            "SQS queue access policies should not allow public access",
	"SecretsManager.1": "Secrets Manager secrets should have automatic rotation enabled",
	"SecretsManager.4": "Secrets Manager secrets should be rotated within a specified number of days",
}

func TestCatalogue(t *testing.T) {
	criteria := map[string]bool{}
	for _, c := range policies.Criteria {
		criteria[c.ID] = true
	}
	ids := map[string]bool{}
	named := map[string]bool{}
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
			assert.Contains(t, securityHubControls, c, "%s names %s, which is not a known Security Hub control", r.ID, c)
			named[c] = true
		}
	}
	for c := range securityHubControls {
		assert.True(t, named[c], "no rule names %s: remove it from securityHubControls", c)
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
