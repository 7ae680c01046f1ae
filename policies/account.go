package policies

import (
	"regexp"

	"github.com/securepipe/securepipe/policies/template"
)

// The account a template deploys to, where the template tells: rules that
// assert AWS::AccountId, or the ARNs it writes.

// arnAccount matches the service and account of a literal ARN.
var arnAccount = regexp.MustCompile(`arn:(?:aws[a-z-]*|\$\{AWS::Partition\}):([a-z0-9-]+):[^:]*:([0-9]{12}):`)

// accountID matches an account ID.
var accountID = regexp.MustCompile(`^[0-9]{12}$`)

// stackAccount returns the account the template deploys to: the one its
// Rules assert AWS::AccountId equals, or else the one account the literal
// ARNs of its resources name, KMS keys left aside since they are what is
// judged against it. ok is false when neither tells, or when the ARNs
// name several accounts.
func stackAccount(t *template.Template) (string, bool) {
	asserted := map[string]bool{}
	walkAccountAssertions(t.Rules, asserted)
	if len(asserted) == 1 {
		return onlyKey(asserted), true
	}
	if len(asserted) > 1 {
		return "", false
	}
	named := map[string]bool{}
	for _, r := range t.All() {
		walkStrings(r.Properties, "", func(_, _, s string) {
			for _, m := range arnAccount.FindAllStringSubmatch(s, -1) {
				if m[1] != "kms" {
					named[m[2]] = true
				}
			}
		})
	}
	if len(named) == 1 {
		return onlyKey(named), true
	}
	return "", false
}

// walkAccountAssertions collects the accounts of every
// Fn::Equals [Ref AWS::AccountId, "123456789012"] in v.
func walkAccountAssertions(v any, out map[string]bool) {
	switch v := v.(type) {
	case map[string]any:
		if args, ok := v["Fn::Equals"].([]any); ok && len(args) == 2 {
			for i, a := range args {
				other, isText := args[1-i].(string)
				if ref, _ := template.Ref(a); ref == "AWS::AccountId" && isText && accountID.MatchString(other) {
					out[other] = true
				}
			}
		}
		for _, item := range v {
			walkAccountAssertions(item, out)
		}
	case []any:
		for _, item := range v {
			walkAccountAssertions(item, out)
		}
	}
}

func onlyKey(m map[string]bool) string {
	for k := range m {
		return k
	}
	return ""
}

// keyAccount returns the account of a KMS key or alias ARN, or "" when the
// reference is not an ARN with a literal account (a key ID, an alias name
// or ${AWS::AccountId} all name the stack's own account).
func keyAccount(text string) string {
	parts := splitARN(text)
	if len(parts) == 6 && parts[0] == "arn" && parts[2] == "kms" && accountID.MatchString(parts[4]) {
		return parts[4]
	}
	return ""
}
