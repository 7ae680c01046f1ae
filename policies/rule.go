package policies

import (
	"slices"
	"strings"
)

// Rule is one compliance rule of the catalogue.
type Rule struct {
	// ID is stable: findings, suppressions and reports refer to it.
	ID    string
	Title string
	// Severity is the severity of every finding of the rule.
	Severity Severity
	// SOC2 lists the Trust Services Criteria the rule supports.
	SOC2 []string
	// SecurityHub lists the AWS Security Hub controls the rule matches,
	// where such controls exist.
	SecurityHub []string
	// Problem says what is wrong when the rule fails.
	Problem string
	// Fix says how to put it right.
	Fix string

	// check judges one template; across judges every environment at once.
	// A rule has exactly one of them.
	check  func(*judge)
	across func(*panel)
}

// CrossEnvironment reports whether the rule judges environments together.
func (r Rule) CrossEnvironment() bool { return r.across != nil }

// catalogue is every rule, filled by the rule files' init functions and
// sorted by ID.
var catalogue []*Rule

func register(rules ...*Rule) {
	catalogue = append(catalogue, rules...)
	slices.SortFunc(catalogue, func(a, b *Rule) int { return strings.Compare(a.ID, b.ID) })
}

// Rules returns the catalogue, sorted by ID.
func Rules() []Rule {
	out := make([]Rule, len(catalogue))
	for i, r := range catalogue {
		out[i] = *r
	}
	return out
}

// Lookup returns the rule with the given ID.
func Lookup(id string) (Rule, bool) {
	for _, r := range catalogue {
		if r.ID == id {
			return *r, true
		}
	}
	return Rule{}, false
}
