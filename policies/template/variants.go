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
			continue // the template itself built; a branch cannot unmake that
		}
		out = append(out, Variant{Conditions: e.chosen, Template: v})
	}
	return out
}

// usedConditions returns the names of the conditions that Fn::If functions
// and Condition attributes of resources and outputs use, sorted.
func usedConditions(root map[string]any) []string {
	names := map[string]bool{}
	for _, section := range []string{"Resources", "Outputs"} {
		for _, v := range asMap(root[section]) {
			if name, ok := asMap(v)["Condition"].(string); ok {
				names[name] = true
			}
			walkIfs(v, names)
		}
	}
	return sortedNames(names)
}

func walkIfs(v any, names map[string]bool) {
	switch v := v.(type) {
	case map[string]any:
		if name, _, _, ok := fnIf(v); ok {
			names[name] = true
		}
		for _, item := range v {
			walkIfs(item, names)
		}
	case []any:
		for _, item := range v {
			walkIfs(item, names)
		}
	}
}

// fnIf returns the parts of {"Fn::If": [condition, then, else]}.
func fnIf(v any) (name string, then, otherwise any, ok bool) {
	m, isMap := v.(map[string]any)
	if !isMap || len(m) != 1 {
		return "", nil, nil, false
	}
	args, isList := m["Fn::If"].([]any)
	if !isList || len(args) != 3 {
		return "", nil, nil, false
	}
	name, ok = args[0].(string)
	return name, args[1], args[2], ok
}

// freeConditions returns the conditions the used ones depend on that
// nothing in the template decides, sorted.
func freeConditions(used []string, defs map[string]any) []string {
	free := map[string]bool{}
	for _, name := range used {
		leaves(name, defs, map[string]bool{}, free)
	}
	return sortedNames(free)
}

// leaves adds to free the conditions that decide condition name.
func leaves(name string, defs map[string]any, visiting, free map[string]bool) {
	def, ok := defs[name]
	if !ok || visiting[name] || !derived(def) {
		free[name] = true
		return
	}
	visiting[name] = true
	for _, dep := range conditionRefs(def) {
		leaves(dep, defs, visiting, free)
	}
	delete(visiting, name)
}

// derived reports whether a condition's definition depends on other
// conditions and literals only.
func derived(def any) bool {
	m, ok := def.(map[string]any)
	if !ok || len(m) != 1 {
		return false
	}
	for fn, args := range m {
		switch fn {
		case "Condition":
			_, ok := args.(string)
			return ok
		case "Fn::Not", "Fn::And", "Fn::Or":
			list, ok := args.([]any)
			if !ok || len(list) == 0 {
				return false
			}
			for _, a := range list {
				if !derived(a) {
					return false
				}
			}
			return true
		case "Fn::Equals":
			list, ok := args.([]any)
			return ok && len(list) == 2 && isLiteral(list[0]) && isLiteral(list[1])
		}
	}
	return false
}

func isLiteral(v any) bool {
	switch v.(type) {
	case string, float64, bool:
		return true
	}
	return false
}

// conditionRefs returns the conditions a definition names.
func conditionRefs(def any) []string {
	var out []string
	switch v := def.(type) {
	case map[string]any:
		if name, ok := v["Condition"].(string); ok && len(v) == 1 {
			return []string{name}
		}
		for _, k := range sortedKeys(v) {
			out = append(out, conditionRefs(v[k])...)
		}
	case []any:
		for _, item := range v {
			out = append(out, conditionRefs(item)...)
		}
	}
	return out
}

// evaluator decides conditions from the values chosen for the free ones.
type evaluator struct {
	defs   map[string]any
	chosen map[string]bool
}

func (e *evaluator) value(name string) bool {
	if v, ok := e.chosen[name]; ok {
		return v
	}
	return e.eval(e.defs[name], 0)
}

func (e *evaluator) eval(def any, depth int) bool {
	m, _ := def.(map[string]any)
	if depth > 32 || len(m) != 1 {
		return false
	}
	for fn, args := range m {
		list, _ := args.([]any)
		switch fn {
		case "Condition":
			name, _ := args.(string)
			if v, ok := e.chosen[name]; ok {
				return v
			}
			return e.eval(e.defs[name], depth+1)
		case "Fn::Not":
			return len(list) == 1 && !e.eval(list[0], depth+1)
		case "Fn::And":
			for _, a := range list {
				if !e.eval(a, depth+1) {
					return false
				}
			}
			return true
		case "Fn::Or":
			for _, a := range list {
				if e.eval(a, depth+1) {
					return true
				}
			}
			return false
		case "Fn::Equals":
			if len(list) != 2 {
				return false
			}
			a, _ := Text(list[0])
			b, _ := Text(list[1])
			return a == b
		}
	}
	return false
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
