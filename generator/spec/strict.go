package spec

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// shape checks the YAML tree against the Go type it decodes into before
// anything is decoded. It reports every unknown key (naming the keys allowed
// there), every key written twice and every value of the wrong kind, all in
// the spec's terms: yaml.v3 stops at the first unknown key, accepts 2.5 as
// an int and names Go types in its errors.
type shape struct {
	file     string
	problems Problems
}

func (s *shape) add(line int, path, msg, hint string) {
	s.problems = append(s.problems, Problem{File: s.file, Line: line, Path: path, Message: msg, Hint: hint})
}

// check walks n, which should hold a value of type t at path.
func (s *shape) check(n *yaml.Node, t reflect.Type, path string) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if n.Kind == yaml.AliasNode {
		s.add(n.Line, path, fmt.Sprintf("*%s is a YAML alias, which the spec does not use", n.Value),
			"write the value out in full")
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		s.structure(n, t, path)
	case reflect.Map:
		s.mapping(n, t.Elem(), path)
	case reflect.Slice:
		s.list(n, t.Elem(), path)
	case reflect.Int:
		s.number(n, path)
	case reflect.String:
		s.text(n, path)
	}
}

func (s *shape) structure(n *yaml.Node, t reflect.Type, path string) {
	fields := yamlFields(t)
	allowed := strings.Join(sortedKeys(fields), ", ")
	if isNull(n) {
		return // nothing written: each missing key is reported where it is required
	}
	if n.Kind != yaml.MappingNode {
		s.add(n.Line, path, "expected a mapping, found "+describe(n),
			"write key: value lines indented below it, with keys from: "+allowed)
		return
	}
	s.keys(n, path, func(key, val *yaml.Node) {
		ft, ok := fields[key.Value]
		if !ok {
			s.add(key.Line, join(path, key.Value), fmt.Sprintf("unknown key %q", key.Value), unknownHint(key.Value, fields))
			return
		}
		s.check(val, ft, join(path, key.Value))
	})
}

func unknownHint(key string, fields map[string]reflect.Type) string {
	for name := range fields {
		if strings.EqualFold(name, key) {
			return fmt.Sprintf("write %s: keys are case-sensitive", name)
		}
	}
	return "allowed here: " + strings.Join(sortedKeys(fields), ", ")
}

func (s *shape) mapping(n *yaml.Node, elem reflect.Type, path string) {
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		s.add(n.Line, path, "expected a mapping, found "+describe(n), "write name: value lines indented below it")
		return
	}
	s.keys(n, path, func(key, val *yaml.Node) {
		s.check(val, elem, join(path, key.Value))
	})
}

// keys calls each for every key of the mapping n that is a plain name,
// written once and not a merge key, and reports the others.
func (s *shape) keys(n *yaml.Node, path string, each func(key, val *yaml.Node)) {
	first := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		switch {
		case key.Kind != yaml.ScalarNode:
			s.add(key.Line, path, "a key must be a plain name, found "+describe(key), "write name: value")
		case key.ShortTag() == "!!merge":
			s.add(key.Line, join(path, key.Value), "YAML merge keys (<<) are not supported",
				"write the keys out in full")
		case first[key.Value] != 0:
			s.add(key.Line, join(path, key.Value),
				fmt.Sprintf("written twice, first at line %d", first[key.Value]),
				"keep only one")
		default:
			first[key.Value] = key.Line
			each(key, val)
		}
	}
}

func (s *shape) list(n *yaml.Node, elem reflect.Type, path string) {
	if isNull(n) {
		return
	}
	if n.Kind != yaml.SequenceNode {
		s.add(n.Line, path, "expected a list, found "+describe(n),
			`write the items as [a, b] or each on its own line after "- "`)
		return
	}
	for i, item := range n.Content {
		p := join(path, fmt.Sprint(i))
		if elem.Kind() == reflect.Struct && isNull(item) {
			s.add(item.Line, p, "an empty list item", `fill it in or remove its "-" line`)
			continue
		}
		s.check(item, elem, p)
	}
}

func (s *shape) number(n *yaml.Node, path string) {
	switch {
	case isNull(n):
		s.add(n.Line, path, "no value", "write a whole number or remove the key")
	case n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" || n.Decode(new(int)) != nil:
		s.add(n.Line, path, "expected a whole number, found "+describe(n), "write digits only, without quotes")
	}
}

func (s *shape) text(n *yaml.Node, path string) {
	switch {
	case isNull(n):
		s.add(n.Line, path, "no value", "write a value or remove the key")
	case n.Kind != yaml.ScalarNode:
		s.add(n.Line, path, "expected a single value, found "+describe(n), "write one value after the colon")
	case n.Value == "":
		s.add(n.Line, path, "empty value", "write a value or remove the key")
	}
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// describe names what a node holds, in YAML terms.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	switch n.ShortTag() {
	case "!!str":
		return fmt.Sprintf("text %q", n.Value)
	case "!!int", "!!float":
		return "the number " + n.Value
	case "!!bool":
		return "the boolean " + n.Value
	case "!!null":
		return "no value"
	}
	return fmt.Sprintf("%q", n.Value)
}

func yamlFields(t reflect.Type) map[string]reflect.Type {
	fields := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "" || name == "-" {
			continue
		}
		fields[name] = f.Type
	}
	return fields
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
