package policies

import (
	"fmt"
	"strings"

	"github.com/securepipe/securepipe/policies/template"
)

// Invocation: a function answers only callers that authenticate, of this
// account or acting for one of its resources.
func init() {
	register(
		&Rule{
			ID: "NET-012", Title: "Function URLs require IAM authentication",
			Severity: Error, SOC2: []string{"CC6.1", "CC6.6"},
			Problem: "A function URL with AuthType NONE is a public HTTPS endpoint outside the VPC: anyone on the internet can invoke the function, past every network and identity control of the stack.",
			Fix:     "Set AuthType to AWS_IAM, or remove the URL and let the function be invoked by its event sources only.",
			check:   checkFunctionURLs,
		},
		&Rule{
			ID: "IAM-008", Title: "Function permissions admit callers of this account only",
			Severity: Error, SOC2: []string{"CC6.1", "CC6.3"}, SecurityHub: []string{"Lambda.1"},
			Problem: "A function permission for Principal * or for another account lets callers outside the stack invoke the function; one for a service without SourceAccount or SourceArn lets that service invoke it on behalf of any account's resources (the confused deputy).",
			Fix:     "Grant a service principal with SourceArn (the resource of the stack that invokes the function) or SourceAccount, or a principal of this account; Principal * only with PrincipalOrgID.",
			check:   checkFunctionPermissions,
		},
	)
}

func checkFunctionURLs(j *judge) {
	for _, u := range j.t.OfType("AWS::Lambda::Url") {
		auth, _ := template.Text(u.Prop("AuthType"))
		if auth == "AWS_IAM" {
			j.pass(u.ID)
			continue
		}
		target, ok := template.Target(u.Prop("TargetFunctionArn"))
		if !ok {
			target, _ = template.Text(u.Prop("TargetFunctionArn"))
		}
		j.fail(u.ID, "function URL of %s accepts requests without authentication (AuthType %s)", target, auth)
	}
}

func checkFunctionPermissions(j *judge) {
	account, known := stackAccount(j.t)
	for _, p := range j.t.OfType("AWS::Lambda::Permission") {
		principal, ok := template.Text(p.Prop("Principal"))
		if !ok {
			j.pass(p.ID) // decided at deployment
			continue
		}
		var problems []string
		switch owner := principalAccount(principal); {
		case principal == "*":
			if !fixedID(idValue, p.Prop("PrincipalOrgID")) {
				problems = append(problems, "permission lets any caller invoke the function (Principal *)")
			}
		case strings.Contains(principal, ".amazonaws.com"):
			if !fixedID(idValue, p.Prop("SourceAccount")) && !fixedID(idARN, p.Prop("SourceArn")) {
				problems = append(problems, fmt.Sprintf("permission lets %s invoke the function for any account: it sets neither SourceAccount nor SourceArn", principal))
			}
		case owner != "" && known && accountID.MatchString(owner) && owner != account:
			problems = append(problems, fmt.Sprintf("permission lets account %s invoke the function, not only the stack's account %s", owner, account))
		}
		j.verdict(p.ID, problems)
	}
}

// principalAccount returns the account an AWS principal names: an account
// ID or an IAM ARN's account, ${AWS::AccountId} for the stack's own.
func principalAccount(text string) string {
	if accountID.MatchString(text) || text == "${AWS::AccountId}" {
		return text
	}
	parts := splitARN(text)
	if len(parts) == 6 && parts[0] == "arn" && (parts[2] == "iam" || parts[2] == "sts") {
		return parts[4]
	}
	return ""
}
