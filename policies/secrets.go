package policies

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/securepipe/securepipe/policies/template"
)

// Secrets: the stack reads an existing secret and holds no secret itself.
func init() {
	register(
		&Rule{
			ID: "SEC-001", Title: "The stack creates no secret or access key",
			Severity: Error, SOC2: []string{"CC6.1", "C1.1"},
			Problem: "A secret created by the stack is deleted, replaced or rotated with it, and its initial value passes through the template. A rotation schedule that brings its own function (HostedRotationLambda) creates one in a nested stack that no rule judges.",
			Fix:     "Create the secret outside the stack and reference its ARN (secret.arn in the spec); use roles, never access keys. To rotate the secret, schedule rotation on its ARN with a function of the template (RotationLambdaARN).",
			check:   checkNoSecretsCreated,
		},
		&Rule{
			ID: "SEC-002", Title: "No secret value in the template",
			Severity: Error, SOC2: []string{"CC6.1", "C1.1"},
			Problem: "A template is stored in CloudFormation, in source control and in build logs: a secret written into it is disclosed to all of them.",
			Fix:     "Remove the value; keep it in Secrets Manager and pass its ARN, or a {{resolve:secretsmanager:...}} reference where the property is meant for it.",
			check:   checkNoSecretValues,
		},
		&Rule{
			ID: "SEC-003", Title: "No secret value in function environment variables",
			Severity: Error, SOC2: []string{"CC6.1", "C1.1"},
			Problem: "Environment variables are visible to anyone who can read the function's configuration; a dynamic reference there writes the secret in clear into it at deploy time.",
			Fix:     "Pass the secret's ARN in the environment and have the function read the value from Secrets Manager at run time.",
			check:   checkNoSecretsInEnvironment,
		},
	)
}

var secretTypes = map[string]bool{
	"AWS::SecretsManager::Secret": true, "AWS::SecretsManager::SecretTargetAttachment": true,
	"AWS::IAM::AccessKey": true,
}

func checkNoSecretsCreated(j *judge) {
	for _, r := range j.t.All() {
		switch {
		case secretTypes[r.Type]:
			j.fail(r.ID, "the template creates a secret or credential (%s)", r.Type)
		case r.Type == "AWS::SecretsManager::RotationSchedule":
			j.verdict(r.ID, rotationProblems(j.t, r))
		default:
			j.pass(r.ID)
		}
	}
}

// rotationProblems judges a rotation schedule: it creates no secret when
// it rotates one named by ARN with a function of the template, which every
// other rule judges.
func rotationProblems(t *template.Template, r *template.Resource) []string {
	var out []string
	if r.Prop("HostedRotationLambda") != nil {
		out = append(out, "rotation schedule creates its own rotation function and role (HostedRotationLambda), "+
			"in a nested stack that no rule judges")
	}
	fn, ok := template.Target(r.Prop("RotationLambdaARN"))
	if r.Prop("HostedRotationLambda") == nil && (!ok || t.Resource(fn) == nil || t.Resource(fn).Type != "AWS::Lambda::Function") {
		out = append(out, "rotation schedule does not name a function of the template (RotationLambdaARN), "+
			"so nothing shows what rotates the secret or with which permissions")
	}
	if id, ok := template.Target(r.Prop("SecretId")); ok && t.Resource(id) != nil {
		out = append(out, fmt.Sprintf("rotation schedule rotates %s, a secret the template creates", id))
	}
	return out
}

var (
	// sensitiveName matches property and variable names that hold secrets.
	sensitiveName = regexp.MustCompile(`(?i)(password|passwd|secret|token|api_?key|private_?key|credential)`)
	// referenceName matches names of values that point at a secret rather
	// than hold it.
	referenceName = regexp.MustCompile(`(?i)(arn|arns|id|ids|name|names|length|required|enabled|type|policy|rotation|manager|version|stage)$`)
	accessKeyID   = regexp.MustCompile(`\b(AKIA|ASIA)[A-Z0-9]{16}\b`)
	privateKey    = regexp.MustCompile(`-----BEGIN [A-Z ]*PRIVATE KEY-----`)
)

func holdsSecret(name string) bool {
	return sensitiveName.MatchString(name) && !referenceName.MatchString(name)
}

func isDynamicReference(s string) bool { return strings.Contains(s, "{{resolve:") }

func checkNoSecretValues(j *judge) {
	for _, name := range sortedNames(j.t.Parameters) {
		p := j.t.Parameters[name]
		if template.IsTrue(template.Get(p, "NoEcho")) && template.Get(p, "Default") != nil {
			j.fail(name, "NoEcho parameter %s has a Default, which writes its secret value into the template", name)
		}
	}
	for _, r := range j.t.All() {
		var problems []string
		walkStrings(r.Properties, "", func(path, key, s string) {
			switch {
			case accessKeyID.MatchString(s):
				problems = append(problems, fmt.Sprintf("%s holds an AWS access key ID", path))
			case privateKey.MatchString(s):
				problems = append(problems, fmt.Sprintf("%s holds a private key", path))
			case holdsSecret(key) && !isDynamicReference(s) && !strings.HasPrefix(path, "Environment.Variables."):
				problems = append(problems, fmt.Sprintf("%s is written in clear", path))
			}
		})
		j.verdict(r.ID, problems)
	}
}

// walkStrings calls f with the path and key of every literal string in v;
// a string in a list is reported under the key of the list.
func walkStrings(v any, path string, f func(path, key, s string)) {
	walkStringsKey(v, path, "", f)
}

func walkStringsKey(v any, path, key string, f func(path, key, s string)) {
	switch v := v.(type) {
	case string:
		f(path, key, v)
	case map[string]any:
		if _, ok := template.Ref(v); ok {
			return
		}
		if _, _, ok := template.GetAtt(v); ok {
			return
		}
		for _, k := range sortedNames(v) {
			walkStringsKey(v[k], join(path, k), k, f)
		}
	case []any:
		for i, item := range v {
			walkStringsKey(item, fmt.Sprintf("%s[%d]", path, i), key, f)
		}
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func sortedNames(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func checkNoSecretsInEnvironment(j *judge) {
	for _, fn := range j.t.OfType("AWS::Lambda::Function") {
		vars, _ := fn.Prop("Environment", "Variables").(map[string]any)
		var problems []string
		for _, name := range sortedNames(vars) {
			text, _ := template.Text(vars[name])
			switch {
			case isDynamicReference(text):
				problems = append(problems, fmt.Sprintf("environment variable %s resolves a secret at deploy time, which stores it in clear in the function's configuration", name))
			case holdsSecret(name):
				if _, isRef := template.Ref(vars[name]); isRef || !strings.HasPrefix(text, "arn:") {
					problems = append(problems, fmt.Sprintf("environment variable %s holds a secret value rather than the secret's ARN", name))
				}
			}
		}
		j.verdict(fn.ID, problems)
	}
}
