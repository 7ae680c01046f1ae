package policies

import (
	"fmt"
	"sort"
	"strings"

	"github.com/securepipe/securepipe/policies/template"
)

// Who a statement admits. An Allow to Principal * is open to every AWS
// account unless one of its conditions pins the caller, the caller's
// organization, the resource or account a service acts for, or the
// network path to fixed values: values without wildcards or policy
// variables, as Security Hub and IAM Access Analyzer read them. A
// condition on anything else (aws:SecureTransport, a time, a tag) says how
// a call is made, not who makes it.

// idKind says what a narrowing condition key holds, and so what makes a
// value of it fixed.
type idKind int

const (
	// idValue is an account, organization, VPC or endpoint ID: fixed
	// when it has no wildcard.
	idValue idKind = iota
	// idPath is an organization path, o-id/r-id/...: fixed when the
	// organization is.
	idPath
	// idUser is a unique principal ID, AROA...:session: fixed when the
	// principal is.
	idUser
	// idARN is an ARN: fixed when its account is, or for ARNs without an
	// account (S3), when all of it is.
	idARN
)

// narrowingKeys are the condition keys that say who may call, lower-cased.
var narrowingKeys = map[string]idKind{
	"aws:principalaccount": idValue, "aws:sourceaccount": idValue, "aws:sourceowner": idValue,
	"aws:vpceaccount": idValue, "kms:calleraccount": idValue,
	"aws:principalorgid": idValue, "aws:sourceorgid": idValue, "aws:vpceorgid": idValue,
	"aws:sourcevpc": idValue, "aws:sourcevpce": idValue,
	"aws:principalorgpaths": idPath, "aws:sourceorgpaths": idPath, "aws:vpceorgpaths": idPath,
	"aws:userid":       idUser,
	"aws:principalarn": idARN, "aws:sourcearn": idARN,
}

// narrowingOperators are the operators under which a key names whom it
// admits; negated operators and ...IfExists admit whoever lacks the key.
var narrowingOperators = map[string]bool{
	"StringEquals": true, "StringEqualsIgnoreCase": true, "StringLike": true,
	"ArnEquals": true, "ArnLike": true,
}

// whoIsPinned reports whether a condition of s pins the caller to fixed
// values; when none does, why says what each condition lacks.
func whoIsPinned(s template.Statement) (pinned bool, why string) {
	var reasons []string
	for _, op := range sortedOps(s.Condition) {
		keys := s.Condition[op]
		for _, key := range sortedNames(keys) {
			reason := keyPins(op, key, keys[key])
			if reason == "" {
				return true, ""
			}
			reasons = append(reasons, reason)
		}
	}
	return false, strings.Join(reasons, "; ")
}

// keyPins returns "" when key under op pins the caller, else why not.
func keyPins(op, key string, values any) string {
	kind, narrowing := narrowingKeys[strings.ToLower(key)]
	if !narrowing {
		return fmt.Sprintf("%s does not say who calls", key)
	}
	if !narrowingOperators[strings.TrimPrefix(op, "ForAnyValue:")] {
		return fmt.Sprintf("%s under %s admits callers it does not name", key, op)
	}
	list := template.List(values)
	if len(list) == 0 {
		return fmt.Sprintf("%s names no value", key)
	}
	for _, v := range list {
		if !fixedID(kind, v) {
			text, _ := template.Text(v)
			return fmt.Sprintf("%s %q matches callers of any account", key, text)
		}
	}
	return ""
}

// fixedID reports whether v is a fixed value of kind. A value known only
// at deployment (a Ref, an import) is one value, so it counts as fixed.
func fixedID(kind idKind, v any) bool {
	if v == nil {
		return false
	}
	text, ok := template.Text(v)
	if !ok {
		return true
	}
	if hasPolicyVariable(text) {
		return false
	}
	switch kind {
	case idPath:
		org, _, _ := strings.Cut(text, "/")
		return org != "" && !wild(org)
	case idUser:
		principal, _, _ := strings.Cut(text, ":")
		return principal != "" && !wild(principal)
	case idARN:
		parts := splitARN(text)
		if len(parts) != 6 || parts[0] != "arn" {
			return false
		}
		if parts[4] != "" {
			return !wild(parts[4])
		}
		return parts[5] != "" && !wild(parts[5])
	}
	return text != "" && !wild(text)
}

func wild(s string) bool { return strings.ContainsAny(s, "*?") }

// hasPolicyVariable reports whether text holds an IAM policy variable,
// such as ${aws:username}, rather than only CloudFormation's ${Name} and
// ${AWS::AccountId}.
func hasPolicyVariable(text string) bool {
	for _, name := range template.SubNames(text) {
		if strings.Contains(name, ":") && !strings.Contains(name, "::") {
			return true
		}
	}
	return strings.Contains(text, "${!")
}

// openStatement says why an Allow of s admits anyone, or "" when it does
// not: what a Principal * statement of a policy of kind lacks.
func openStatement(kind template.Kind, s template.Statement, i int) string {
	if !s.Allows() || s.Principal == nil || !s.Principal.Anyone {
		return ""
	}
	if !s.HasCondition() {
		return fmt.Sprintf("%s statement %s allows Principal * without a condition", kind, label(s, i))
	}
	if pinned, why := whoIsPinned(s); !pinned {
		return fmt.Sprintf("%s statement %s allows Principal * and no condition pins who may call (%s)", kind, label(s, i), why)
	}
	return ""
}

func sortedOps(m map[string]map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
