package template

// Conditions: which of a template's conditions its Fn::If functions and
// Condition attributes use, which of them the template decides itself,
// and the value of each under a choice of the others.

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
