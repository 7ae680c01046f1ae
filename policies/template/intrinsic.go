package template

import (
	"sort"
	"strconv"
	"strings"
)

// Ref returns the name in {"Ref": name}.
func Ref(v any) (string, bool) {
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		return "", false
	}
	s, ok := m["Ref"].(string)
	return s, ok
}

// GetAtt returns the logical ID and attribute of {"Fn::GetAtt": [id, attr]}
// or {"Fn::GetAtt": "id.attr"}.
func GetAtt(v any) (id, attr string, ok bool) {
	m, isMap := v.(map[string]any)
	if !isMap || len(m) != 1 {
		return "", "", false
	}
	switch a := m["Fn::GetAtt"].(type) {
	case []any:
		if len(a) == 2 {
			id, _ = a[0].(string)
			attr, _ = a[1].(string)
			return id, attr, id != ""
		}
	case string:
		id, attr, _ = strings.Cut(a, ".")
		return id, attr, id != ""
	}
	return "", "", false
}

// Sub returns the template string and variables of {"Fn::Sub": s} or
// {"Fn::Sub": [s, {vars}]}.
func Sub(v any) (string, map[string]any, bool) {
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		return "", nil, false
	}
	switch a := m["Fn::Sub"].(type) {
	case string:
		return a, nil, true
	case []any:
		if len(a) == 2 {
			s, ok := a[0].(string)
			vars, _ := a[1].(map[string]any)
			return s, vars, ok
		}
	}
	return "", nil, false
}

// Target returns the logical ID v points at: a Ref, a GetAtt, or a Sub
// that is nothing but one ${ID} or ${ID.Attr}.
func Target(v any) (string, bool) {
	if name, ok := Ref(v); ok {
		return name, true
	}
	if id, _, ok := GetAtt(v); ok {
		return id, true
	}
	if s, vars, ok := Sub(v); ok && len(vars) == 0 {
		if strings.HasPrefix(s, "${") && strings.HasSuffix(s, "}") && strings.Count(s, "${") == 1 {
			name, _, _ := strings.Cut(s[2:len(s)-1], ".")
			return name, true
		}
	}
	return "", false
}

// Text renders v as one string in Fn::Sub's syntax: literal text stays,
// a Ref becomes ${Name}, a GetAtt ${ID.Attr}, a Sub its template with its
// own variables substituted, a Join its parts joined. Two values that
// render to the same Text name the same thing once deployed. ok is false
// for values that cannot be told before deployment (Fn::If, Fn::Select...).
func Text(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), true
	case bool:
		return strconv.FormatBool(v), true
	}
	if name, ok := Ref(v); ok {
		return "${" + name + "}", true
	}
	if id, attr, ok := GetAtt(v); ok {
		return "${" + id + "." + attr + "}", true
	}
	if s, vars, ok := Sub(v); ok {
		return substitute(s, vars)
	}
	if m, ok := v.(map[string]any); ok && len(m) == 1 {
		if j, ok := m["Fn::Join"].([]any); ok && len(j) == 2 {
			return join(j[0], j[1])
		}
	}
	return "", false
}

func substitute(s string, vars map[string]any) (string, bool) {
	if len(vars) == 0 {
		return s, true
	}
	ok := true
	out := replaceRefs(s, func(name string) string {
		val, has := vars[name]
		if !has {
			return "${" + name + "}"
		}
		text, good := Text(val)
		ok = ok && good
		return text
	})
	return out, ok
}

func join(delim, parts any) (string, bool) {
	d, ok := delim.(string)
	if !ok {
		return "", false
	}
	list, ok := parts.([]any)
	if !ok {
		return "", false
	}
	texts := make([]string, len(list))
	for i, p := range list {
		if texts[i], ok = Text(p); !ok {
			return "", false
		}
	}
	return strings.Join(texts, d), true
}

// replaceRefs calls f on every ${Name} of a Sub template and puts its
// result in place; ${!Literal} stays as written.
func replaceRefs(s string, f func(name string) string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		name := s[i+2 : i+j]
		b.WriteString(s[:i])
		if strings.HasPrefix(name, "!") {
			b.WriteString(s[i : i+j+1])
		} else {
			b.WriteString(f(name))
		}
		s = s[i+j+1:]
	}
}

// SubNames returns the names a Sub template refers to, without attributes:
// ${ID.Attr} gives ID.
func SubNames(s string) []string {
	var out []string
	replaceRefs(s, func(name string) string {
		id, _, _ := strings.Cut(name, ".")
		out = append(out, id)
		return ""
	})
	return out
}

// Reference is one place a template names a resource or parameter.
type Reference struct {
	// Name is the logical ID or parameter named.
	Name string
	// Attr is the attribute of a GetAtt or ${ID.Attr}, empty otherwise.
	Attr string
	// Function is Ref, Fn::GetAtt or Fn::Sub.
	Function string
}

// References returns every Ref, GetAtt and Sub reference inside v, in a
// stable order. Variables declared by a Sub's own map are not references.
func References(v any) []Reference {
	var out []Reference
	walkRefs(v, &out)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].Attr < out[j].Attr
	})
	return out
}

func walkRefs(v any, out *[]Reference) {
	switch v := v.(type) {
	case []any:
		for _, item := range v {
			walkRefs(item, out)
		}
	case map[string]any:
		if name, ok := Ref(v); ok {
			*out = append(*out, Reference{Name: name, Function: "Ref"})
			return
		}
		if id, attr, ok := GetAtt(v); ok {
			*out = append(*out, Reference{Name: id, Attr: attr, Function: "Fn::GetAtt"})
			return
		}
		if s, vars, ok := Sub(v); ok {
			replaceRefs(s, func(name string) string {
				id, attr, _ := strings.Cut(name, ".")
				if _, own := vars[name]; !own {
					*out = append(*out, Reference{Name: id, Attr: attr, Function: "Fn::Sub"})
				}
				return ""
			})
			for _, val := range vars {
				walkRefs(val, out)
			}
			return
		}
		for _, k := range sortedKeys(v) {
			walkRefs(v[k], out)
		}
	}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
