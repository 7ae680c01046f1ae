package template

import (
	"sort"
	"strings"
)

// Variant is the template as CloudFormation deploys it under one choice of
// its conditions: each Fn::If replaced by the branch chosen, AWS::NoValue
// left out, and resources and outputs whose Condition is false removed.
type Variant struct {
	// Conditions gives the value chosen for each condition that can be
	// chosen freely, by name; it is empty when the template has none.
	Conditions map[string]bool
	Template   *Template
}

// maxFree bounds the conditions whose every combination is judged: 2^8
// variants. Past it, Variants returns the choices that set every free
// condition alike and those that flip one of them.
const maxFree = 8

// Variants returns the template under every choice of the conditions its
// Fn::If functions and Condition attributes use, or the template alone
// when it uses none, so that a rule sees every branch and the worse one
// counts. A condition defined from other conditions and literals alone
// (Fn::Not, Fn::And, Fn::Or, Fn::Equals of two literals) follows them;
// any other condition depends on parameters and may be true or false.
func (t *Template) Variants() []Variant {
	used := usedConditions(t.root)
	if len(used) == 0 {
		return []Variant{{Conditions: map[string]bool{}, Template: t}}
	}
	defs := asMap(t.root["Conditions"])
	free := freeConditions(used, defs)
	var out []Variant
	for _, choice := range choices(len(free)) {
		e := &evaluator{defs: defs, chosen: map[string]bool{}}
		for i, name := range free {
			e.chosen[name] = choice[i]
		}
		v, err := build(t.File, resolveRoot(t.root, e.value), t.lines)
		if err != nil {
			continue // CloudFormation refuses this choice before deploying anything
		}
		out = append(out, Variant{Conditions: e.chosen, Template: v})
	}
	if len(out) == 0 {
		return []Variant{{Conditions: map[string]bool{}, Template: t}}
	}
	return out
}

// choices returns the combinations of n free conditions to judge, all
// false first.
func choices(n int) [][]bool {
	var out [][]bool
	if n <= maxFree {
		for i := range 1 << n {
			c := make([]bool, n)
			for j := range n {
				c[j] = i&(1<<(n-1-j)) != 0
			}
			out = append(out, c)
		}
		return out
	}
	for _, base := range []bool{false, true} {
		out = append(out, uniform(n, base))
		for j := range n {
			c := uniform(n, base)
			c[j] = !base
			out = append(out, c)
		}
	}
	return out
}

func uniform(n int, v bool) []bool {
	c := make([]bool, n)
	for i := range c {
		c[i] = v
	}
	return c
}

// resolveRoot returns a copy of the decoded template with its conditions
// applied to the Resources and Outputs sections.
func resolveRoot(root map[string]any, cond func(string) bool) map[string]any {
	out := make(map[string]any, len(root))
	for k, v := range root {
		out[k] = v
	}
	for _, section := range []string{"Resources", "Outputs"} {
		m, ok := root[section].(map[string]any)
		if !ok {
			continue
		}
		kept := make(map[string]any, len(m))
		for id, v := range m {
			if name, ok := asMap(v)["Condition"].(string); ok && !cond(name) {
				continue
			}
			if r, keep := resolve(v, cond); keep {
				kept[id] = r
			}
		}
		out[section] = kept
	}
	return out
}

// resolve replaces every Fn::If in v by the branch cond chooses; keep is
// false where the result is AWS::NoValue, which leaves the key or item out.
func resolve(v any, cond func(string) bool) (out any, keep bool) {
	switch v := v.(type) {
	case map[string]any:
		if name, then, otherwise, ok := fnIf(v); ok {
			if cond(name) {
				return resolve(then, cond)
			}
			return resolve(otherwise, cond)
		}
		if ref, ok := Ref(v); ok && ref == "AWS::NoValue" {
			return nil, false
		}
		m := make(map[string]any, len(v))
		for k, item := range v {
			if r, keep := resolve(item, cond); keep {
				m[k] = r
			}
		}
		return m, true
	case []any:
		list := make([]any, 0, len(v))
		for _, item := range v {
			if r, keep := resolve(item, cond); keep {
				list = append(list, r)
			}
		}
		return list, true
	}
	return v, true
}

func sortedNames(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// DescribeConditions renders a choice of conditions for people:
// "IsProd is true and UseIPv6 is false".
func DescribeConditions(conds map[string]bool) string {
	names := make([]string, 0, len(conds))
	for name := range conds {
		names = append(names, name)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, name := range names {
		parts[i] = name + " is " + map[bool]string{true: "true", false: "false"}[conds[name]]
	}
	return strings.Join(parts, " and ")
}
