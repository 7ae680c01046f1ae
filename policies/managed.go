package policies

import (
	"fmt"
	"strings"

	"github.com/securepipe/securepipe/policies/template"
)

// AWS-managed policies: an identity carries none, and never one that
// makes it an administrator of the account or of a whole service.
func init() {
	register(
		&Rule{
			ID: "IAM-007", Title: "Roles carry no AWS-managed policies",
			Severity: Warning, SOC2: []string{"CC6.3"},
			Problem: "AWS-managed policies are written for every customer: they grant broad actions on all resources and change without notice.",
			Fix:     "Replace the managed policy with an inline policy listing the actions and resources the role needs.",
			check:   checkManagedPolicies(false),
		},
		// Security Hub's IAM.1 looks for Action * on Resource * in
		// customer managed policies only; no control judges attaching
		// AWS's own administrator policies, so none is named.
		&Rule{
			ID: "IAM-009", Title: "Roles carry no administrator or full-access AWS-managed policy",
			Severity: Error, SOC2: []string{"CC6.1", "CC6.3"},
			Problem: "AdministratorAccess, PowerUserAccess, IAMFullAccess and every *FullAccess policy grant all actions of the account or of a service on all its resources: whoever runs as the role can read every environment's data, or grant themselves anything.",
			Fix:     "Detach the policy and give the role an inline policy listing the actions and resources it needs.",
			check:   checkManagedPolicies(true),
		},
	)
}

// identityTypes are the resource types that carry ManagedPolicyArns.
var identityTypes = []string{"AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"}

// checkManagedPolicies reports the AWS-managed policies of every identity
// that are privileged (IAM-009) or not (IAM-007), so that each policy is
// reported by one rule only.
func checkManagedPolicies(privileged bool) func(*judge) {
	return func(j *judge) {
		for _, r := range j.t.OfType(identityTypes...) {
			var problems []string
			for _, arn := range template.Texts(r.Prop("ManagedPolicyArns")) {
				name, managed := awsManagedPolicy(arn)
				if !managed || privilegedPolicy(name) != privileged {
					continue
				}
				what := "the AWS-managed policy"
				if privileged {
					what = "the privileged AWS-managed policy"
				}
				problems = append(problems, fmt.Sprintf("%s carries %s %s", identityNoun(r), what, arn))
			}
			j.verdict(r.ID, problems)
		}
	}
}

// awsManagedPolicy returns the name of an AWS-managed policy ARN:
// PowerUserAccess of arn:aws:iam::aws:policy/PowerUserAccess.
func awsManagedPolicy(arn string) (name string, ok bool) {
	_, path, ok := strings.Cut(arn, ":iam::aws:policy/")
	if !ok {
		return "", false
	}
	return path[strings.LastIndexByte(path, '/')+1:], true
}

// privilegedPolicy reports whether an AWS-managed policy makes its holder
// an administrator of the account or of a whole service.
func privilegedPolicy(name string) bool {
	return name == "AdministratorAccess" || strings.HasPrefix(name, "AdministratorAccess-") ||
		name == "PowerUserAccess" || strings.HasSuffix(name, "FullAccess")
}

func identityNoun(r *template.Resource) string {
	return strings.ToLower(strings.TrimPrefix(r.Type, "AWS::IAM::"))
}
