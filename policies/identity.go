package policies

import (
	"fmt"
	"strings"

	"github.com/securepipe/securepipe/policies/template"
)

// Identity: least privilege in every policy document, explicit denies on
// the functions' roles, and trust only in named services of this account.
func init() {
	register(
		&Rule{
			ID: "IAM-001", Title: "No wildcard actions in Allow statements",
			Severity: Error, SOC2: []string{"CC6.1", "CC6.3"}, SecurityHub: []string{"IAM.1", "IAM.21"},
			Problem: "A wildcard action grants every present and future action that matches it, far beyond what the code does.",
			Fix:     "List the actions the principal needs, one by one.",
			check:   checkNoWildcardActions,
		},
		&Rule{
			ID: "IAM-002", Title: "Allow statements name their resources",
			Severity: Error, SOC2: []string{"CC6.1", "CC6.3"}, SecurityHub: []string{"KMS.1", "KMS.2"},
			Problem: "Resource * grants the actions on every resource of the account, including other environments'.",
			Fix:     "Name the resources (ARNs of this stack's resources). Use * only for actions that support no resource, or narrow it with a condition on the resource (ec2:Vpc, aws:ResourceTag/...).",
			check:   checkNamedResources,
		},
		&Rule{
			ID: "IAM-003", Title: "Allow statements never use NotAction, NotResource or NotPrincipal",
			Severity: Error, SOC2: []string{"CC6.1", "CC6.3"},
			Problem: "An inverted element allows everything except what it lists, including whatever AWS adds later.",
			Fix:     "Rewrite the statement with Action, Resource and Principal.",
			check:   checkNoInvertedAllows,
		},
		&Rule{
			ID: "IAM-004", Title: "Function roles carry the explicit denies",
			Severity: Error, SOC2: []string{"CC6.1", "CC6.7"},
			Problem: "Explicit denies hold whatever else grants the role: without them, another policy or a bucket default could let the code send data in clear, write it unencrypted, or use another environment's key.",
			Fix:     "Add to the role: a Deny of everything when aws:SecureTransport is false; if it writes objects, a Deny of s3:PutObject unless s3:x-amz-server-side-encryption is aws:kms; if it uses KMS, a Deny of kms:* on every key but its own (NotResource).",
			check:   checkExplicitDenies,
		},
		&Rule{
			ID: "IAM-005", Title: "Trust policies admit one named service of this account",
			Severity: Error, SOC2: []string{"CC6.1", "CC6.3"},
			Problem: "A role anyone, another account or an unscoped service may assume hands its permissions beyond the stack.",
			Fix:     "Trust a service principal with an aws:SourceAccount or aws:SourceArn condition, or this account only.",
			check:   checkTrustScoped,
		},
		&Rule{
			// SQS.3 and SNS.4 judge queue and topic policies the same way:
			// Principal * is public unless a condition pins who calls to
			// fixed values.
			ID: "IAM-006", Title: "Resource and endpoint policies admit no one unconditionally",
			Severity: Error, SOC2: []string{"CC6.1", "CC6.6"}, SecurityHub: []string{"SNS.4", "SQS.3"},
			Problem: "An Allow to Principal * makes the bucket, queue, topic or endpoint open to every AWS account unless a condition pins who calls to fixed values; a condition on TLS, or one with a wildcard value, admits anyone.",
			Fix:     "Name the principals, or add a condition that pins the caller to fixed values, such as aws:PrincipalAccount, aws:PrincipalOrgID, aws:SourceArn or aws:SourceVpce.",
			check:   checkResourcePoliciesScoped,
		},
	)
}

func checkNoWildcardActions(j *judge) {
	byResource := map[string][]string{}
	for _, p := range j.t.Policies() {
		for i, s := range p.Policy.Statements {
			if !s.Allows() {
				continue
			}
			for _, a := range s.Action {
				if strings.Contains(a, "*") || strings.Contains(a, "?") {
					byResource[p.Resource.ID] = append(byResource[p.Resource.ID],
						fmt.Sprintf("%s statement %s allows the wildcard action %q", p.Kind, label(s, i), a))
				}
			}
		}
	}
	verdictPerPolicyHolder(j, byResource)
}

func verdictPerPolicyHolder(j *judge, problems map[string][]string) {
	seen := map[string]bool{}
	for _, p := range j.t.Policies() {
		if seen[p.Resource.ID] {
			continue
		}
		seen[p.Resource.ID] = true
		j.verdict(p.Resource.ID, problems[p.Resource.ID])
	}
}

// unscopedActions support no resource-level permission, so * is the only
// resource they can be granted on.
var unscopedActions = map[string]bool{
	"ec2:describenetworkinterfaces": true, "ec2:describesubnets": true, "ec2:describesecuritygroups": true,
	"ec2:describevpcs": true, "ec2:describeinstances": true, "sts:getcalleridentity": true,
	"s3:listallmybuckets": true, "kms:listkeys": true, "kms:listaliases": true, "kms:createkey": true,
	"logs:describeloggroups": true, "xray:puttracesegments": true, "xray:puttelemetryrecords": true,
	"cloudwatch:putmetricdata": true, "secretsmanager:getrandompassword": true, "secretsmanager:listsecrets": true,
	"sqs:listqueues": true, "lambda:listfunctions": true, "ssm:describeparameters": true,
}

// narrowsResource reports whether a condition ties a statement to specific
// resources, which makes Resource * acceptable.
func narrowsResource(s template.Statement) bool {
	for key := range s.ConditionKeys() {
		switch {
		case strings.HasPrefix(key, "aws:resourcetag/"), key == "aws:resourceaccount", key == "aws:resourceorgid",
			key == "aws:sourcearn", key == "aws:sourcevpc", key == "aws:sourcevpce":
			return true
		case !strings.HasPrefix(key, "aws:"):
			return true
		}
	}
	return false
}

func checkNamedResources(j *judge) {
	byResource := map[string][]string{}
	for _, p := range j.t.Policies() {
		if p.Kind == template.KeyPolicy || p.Kind == template.Trust {
			continue // a key policy's * is the key itself; trust has no resource
		}
		for i, s := range p.Policy.Statements {
			if !s.Allows() || !hasStar(s.Resource) || narrowsResource(s) || allUnscoped(s.Action) {
				continue
			}
			byResource[p.Resource.ID] = append(byResource[p.Resource.ID],
				fmt.Sprintf("%s statement %s allows %s on every resource (Resource *)", p.Kind, label(s, i), strings.Join(s.Action, ", ")))
		}
	}
	verdictPerPolicyHolder(j, byResource)
}

func hasStar(resources []any) bool {
	for _, r := range resources {
		if s, ok := r.(string); ok && s == "*" {
			return true
		}
	}
	return false
}

func allUnscoped(actions []string) bool {
	for _, a := range actions {
		if !unscopedActions[strings.ToLower(a)] {
			return false
		}
	}
	return len(actions) > 0
}

func checkNoInvertedAllows(j *judge) {
	byResource := map[string][]string{}
	for _, p := range j.t.Policies() {
		for i, s := range p.Policy.Statements {
			if !s.Allows() {
				continue
			}
			var inverted []string
			if len(s.NotAction) > 0 {
				inverted = append(inverted, "NotAction")
			}
			if len(s.NotResource) > 0 {
				inverted = append(inverted, "NotResource")
			}
			if s.NotPrincipal {
				inverted = append(inverted, "NotPrincipal")
			}
			if len(inverted) > 0 {
				byResource[p.Resource.ID] = append(byResource[p.Resource.ID],
					fmt.Sprintf("%s statement %s allows with %s", p.Kind, label(s, i), strings.Join(inverted, " and ")))
			}
		}
	}
	verdictPerPolicyHolder(j, byResource)
}

func checkExplicitDenies(j *judge) {
	seen := map[string]bool{}
	for _, fn := range j.t.OfType("AWS::Lambda::Function") {
		role := functionRole(j.t, fn)
		if role == nil || seen[role.ID] {
			continue
		}
		seen[role.ID] = true
		j.verdict(role.ID, missingDenies(j.t.RolePolicies(role.ID)))
	}
}

func missingDenies(policies []template.PolicyRef) []string {
	var allowsPut, allowsKMS, tls, sse, keys bool
	for _, p := range policies {
		for _, s := range p.Policy.Statements {
			if s.Allows() {
				allowsPut = allowsPut || s.Covers("s3:PutObject")
				for _, a := range s.Action {
					allowsKMS = allowsKMS || service(a) == "kms"
				}
				continue
			}
			for _, v := range s.ConditionValues("Bool", "aws:SecureTransport") {
				tls = tls || template.IsFalse(v)
			}
			sse = sse || deniesUnencryptedUploads(s)
			keys = keys || (s.Covers("kms:Decrypt") && len(s.NotResource) > 0)
		}
	}
	var out []string
	if !tls {
		out = append(out, "role has no Deny for requests without TLS (aws:SecureTransport false)")
	}
	if allowsPut && !sse {
		out = append(out, "role may put objects but has no Deny for uploads without SSE-KMS")
	}
	if allowsKMS && !keys {
		out = append(out, "role uses KMS but has no Deny of kms actions on keys other than its own (NotResource)")
	}
	return out
}

func checkTrustScoped(j *judge) {
	for _, p := range j.t.Policies() {
		if p.Kind != template.Trust {
			continue
		}
		var problems []string
		for i, s := range p.Policy.Statements {
			if s.Allows() {
				problems = append(problems, trustProblems(s, label(s, i))...)
			}
		}
		j.verdict(p.Resource.ID, problems)
	}
}

func trustProblems(s template.Statement, name string) []string {
	if s.Principal == nil {
		return []string{fmt.Sprintf("trust statement %s names no principal", name)}
	}
	var out []string
	if s.Principal.Anyone {
		out = append(out, fmt.Sprintf("trust statement %s lets anyone assume the role", name))
	}
	keys := s.ConditionKeys()
	_, sourceArn := keys["aws:sourcearn"]
	_, sourceAccount := keys["aws:sourceaccount"]
	if len(s.Principal.Service) > 0 && !sourceArn && !sourceAccount {
		out = append(out, fmt.Sprintf("trust statement %s trusts %s without an aws:SourceAccount or aws:SourceArn condition",
			name, strings.Join(s.Principal.Service, ", ")))
	}
	for _, a := range s.Principal.AWS {
		if text, _ := template.Text(a); text != "*" && !isAccountPrincipal(a) {
			out = append(out, fmt.Sprintf("trust statement %s trusts %q, which is not this account", name, text))
		}
	}
	if len(s.Principal.Federated) > 0 && !s.HasCondition() {
		out = append(out, fmt.Sprintf("trust statement %s trusts a federated principal without conditions", name))
	}
	return out
}

func checkResourcePoliciesScoped(j *judge) {
	for _, p := range j.t.Policies() {
		if p.Kind != template.ResourcePolicy && p.Kind != template.Endpoint {
			continue
		}
		var problems []string
		for i, s := range p.Policy.Statements {
			if problem := openStatement(p.Kind, s, i); problem != "" {
				problems = append(problems, problem)
			}
		}
		j.verdict(p.Resource.ID, problems)
	}
}
