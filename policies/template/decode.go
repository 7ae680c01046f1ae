package template

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// decodeJSON decodes a JSON template and notes the line of each logical ID.
// It walks the top level by tokens so that it knows where every resource
// starts, and decodes each value whole.
func decodeJSON(data []byte) (map[string]any, map[string]int, error) {
	root, lines, err := walkJSON(data)
	if err != nil {
		return nil, nil, jsonError(data, err)
	}
	return root, lines, nil
}

func walkJSON(data []byte) (map[string]any, map[string]int, error) {
	nl := newlines(data)
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := expectDelim(dec, '{'); err != nil {
		return nil, nil, err
	}
	root := map[string]any{}
	lines := map[string]int{}
	for dec.More() {
		key, err := stringToken(dec)
		if err != nil {
			return nil, nil, err
		}
		if key != "Resources" {
			var v any
			if err := dec.Decode(&v); err != nil {
				return nil, nil, at(dec, err)
			}
			root[key] = v
			continue
		}
		resources, err := decodeResources(dec, nl, lines)
		if err != nil {
			return nil, nil, err
		}
		root[key] = resources
	}
	if err := expectDelim(dec, '}'); err != nil {
		return nil, nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, nil, at(dec, errors.New("unexpected text after the template's closing brace"))
	}
	return root, lines, nil
}

func decodeResources(dec *json.Decoder, nl []int, lines map[string]int) (map[string]any, error) {
	if err := expectDelim(dec, '{'); err != nil {
		return nil, err
	}
	resources := map[string]any{}
	for dec.More() {
		id, err := stringToken(dec)
		if err != nil {
			return nil, err
		}
		lines[id] = lineOf(nl, int(dec.InputOffset()))
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, at(dec, err)
		}
		resources[id] = v
	}
	return resources, expectDelim(dec, '}')
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return at(dec, err)
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return at(dec, fmt.Errorf("expected %q, found %v", want, tok))
	}
	return nil
}

func stringToken(dec *json.Decoder) (string, error) {
	tok, err := dec.Token()
	if err != nil {
		return "", at(dec, err)
	}
	s, ok := tok.(string)
	if !ok {
		return "", at(dec, fmt.Errorf("expected a key, found %v", tok))
	}
	return s, nil
}

// newlines returns the offset of every newline in data.
func newlines(data []byte) []int {
	var out []int
	for i, b := range data {
		if b == '\n' {
			out = append(out, i)
		}
	}
	return out
}

// lineOf returns the 1-based line of offset.
func lineOf(nl []int, offset int) int {
	return sort.SearchInts(nl, offset) + 1
}

// decodeYAML decodes a YAML template, turning short-form tags into the
// long form (!Ref X becomes {"Ref": "X"}, !Sub s becomes {"Fn::Sub": s}).
func decodeYAML(data []byte) (map[string]any, map[string]int, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, nil, yamlError(err)
	}
	if len(doc.Content) == 0 {
		return nil, nil, errors.New("the template is empty")
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		return nil, nil, lineErrorf(top.Line, "the template is not a mapping")
	}
	lines := map[string]int{}
	for i := 0; i+1 < len(top.Content); i += 2 {
		if top.Content[i].Value != "Resources" || top.Content[i+1].Kind != yaml.MappingNode {
			continue
		}
		res := top.Content[i+1]
		for j := 0; j+1 < len(res.Content); j += 2 {
			lines[res.Content[j].Value] = res.Content[j].Line
		}
	}
	v, err := fromNode(top)
	if err != nil {
		return nil, nil, err
	}
	root, ok := v.(map[string]any)
	if !ok {
		return nil, nil, errors.New("the template is not a mapping")
	}
	return root, lines, nil
}

func fromNode(n *yaml.Node) (any, error) {
	var v any
	switch n.Kind {
	case yaml.AliasNode:
		return fromNode(n.Alias)
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			val, err := fromNode(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			m[n.Content[i].Value] = val
		}
		v = m
	case yaml.SequenceNode:
		list := make([]any, len(n.Content))
		for i, c := range n.Content {
			val, err := fromNode(c)
			if err != nil {
				return nil, err
			}
			list[i] = val
		}
		v = list
	case yaml.ScalarNode:
		if isShortForm(n.Tag) {
			v = n.Value
			break
		}
		s, err := scalar(n)
		if err != nil {
			return nil, err
		}
		v = s
	default:
		return nil, lineErrorf(n.Line, "unexpected YAML node")
	}
	if isShortForm(n.Tag) {
		if !shortForms[strings.TrimPrefix(n.Tag, "!")] {
			return nil, lineErrorf(n.Line, "unknown tag %s: CloudFormation has no intrinsic function Fn::%s; "+
				"write one of its short forms (!Ref, !Sub, !GetAtt, !If, ...) or quote the value", n.Tag, strings.TrimPrefix(n.Tag, "!"))
		}
		return longForm(n, v), nil
	}
	return v, nil
}

func isShortForm(tag string) bool {
	return strings.HasPrefix(tag, "!") && !strings.HasPrefix(tag, "!!")
}

// shortForms are the intrinsic functions YAML templates may write as tags:
// those of resources and outputs, of conditions, and of rules.
var shortForms = map[string]bool{
	"Base64": true, "Cidr": true, "FindInMap": true, "GetAtt": true, "GetAZs": true,
	"ImportValue": true, "Join": true, "Length": true, "Select": true, "Split": true,
	"Sub": true, "ToJsonString": true, "Transform": true, "Ref": true,
	"And": true, "Equals": true, "If": true, "Not": true, "Or": true, "Condition": true,
	"Contains": true, "EachMemberEquals": true, "EachMemberIn": true, "RefAll": true,
	"ValueOf": true, "ValueOfAll": true,
}

// longForm returns the intrinsic function a short-form tag stands for.
func longForm(n *yaml.Node, v any) any {
	name := strings.TrimPrefix(n.Tag, "!")
	switch name {
	case "Ref", "Condition":
		return map[string]any{name: v}
	case "GetAtt":
		if s, ok := v.(string); ok {
			id, attr, _ := strings.Cut(s, ".")
			return map[string]any{"Fn::GetAtt": []any{id, attr}}
		}
	}
	return map[string]any{"Fn::" + name: v}
}

// scalar decodes a plain scalar as JSON would: numbers as float64.
// Timestamps stay text, as CloudFormation reads them.
func scalar(n *yaml.Node) (any, error) {
	switch n.ShortTag() {
	case "!!str", "!!timestamp", "!!binary":
		return n.Value, nil
	case "!!null":
		return nil, nil
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err != nil {
			return nil, &posError{line: n.Line, err: err}
		}
		return b, nil
	case "!!int", "!!float":
		var f float64
		if err := n.Decode(&f); err != nil {
			if f, perr := strconv.ParseFloat(n.Value, 64); perr == nil {
				return f, nil
			}
			return nil, &posError{line: n.Line, err: err}
		}
		return f, nil
	}
	return n.Value, nil
}
