package localdeploy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sort"
)

// Template is a CloudFormation template decoded from JSON, kept whole so that
// a copy can be rewritten and written back.
type Template struct {
	// Path is where the template was read from.
	Path string
	// Size is the size in bytes of the file at Path.
	Size int
	doc  map[string]any
}

// LoadTemplate reads a JSON CloudFormation template.
func LoadTemplate(path string) (*Template, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read template: %w", err)
	}

	t, err := ParseTemplate(data)
	if err != nil {
		return nil, fmt.Errorf("parse template %s: %w", path, err)
	}

	t.Path = path
	return t, nil
}

// ParseTemplate decodes a JSON CloudFormation template. Numbers keep their
// exact text so that a rewritten copy says what the original said.
func ParseTemplate(data []byte) (*Template, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()

	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("decode JSON: %w", err)
	}

	if _, ok := doc["Resources"].(map[string]any); !ok {
		return nil, fmt.Errorf("decode JSON: no Resources section")
	}

	return &Template{Size: len(data), doc: doc}, nil
}

// Clone returns a deep copy that can be rewritten without touching t.
func (t *Template) Clone() *Template {
	return &Template{Path: t.Path, Size: t.Size, doc: deepCopy(t.doc).(map[string]any)}
}

// Marshal encodes the template as indented JSON.
func (t *Template) Marshal() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(t.doc); err != nil {
		return nil, fmt.Errorf("encode template: %w", err)
	}

	return buf.Bytes(), nil
}

// Resource is one entry of the template's Resources section.
type Resource struct {
	LogicalID  string
	Type       string
	Properties map[string]any
}

// Resources returns every resource, sorted by logical ID.
func (t *Template) Resources() []Resource {
	all := t.section("Resources")
	ids := make([]string, 0, len(all))
	for id := range all {
		ids = append(ids, id)
	}
	sort.Strings(ids)

	out := make([]Resource, 0, len(ids))
	for _, id := range ids {
		body, _ := all[id].(map[string]any)
		typ, _ := body["Type"].(string)
		props, _ := body["Properties"].(map[string]any)
		if props == nil {
			props = map[string]any{}
		}
		out = append(out, Resource{LogicalID: id, Type: typ, Properties: props})
	}

	return out
}

// ResourcesOfType returns the resources of one type, sorted by logical ID.
func (t *Template) ResourcesOfType(typ string) []Resource {
	var out []Resource
	for _, r := range t.Resources() {
		if r.Type == typ {
			out = append(out, r)
		}
	}

	return out
}

// ParameterDefaults returns the Default of every parameter that has one.
func (t *Template) ParameterDefaults() map[string]string {
	out := map[string]string{}
	for name, p := range t.section("Parameters") {
		body, _ := p.(map[string]any)
		if d, ok := body["Default"]; ok {
			out[name] = fmt.Sprint(d)
		}
	}

	return out
}

// HasParameter reports whether the template declares the named parameter.
func (t *Template) HasParameter(name string) bool {
	_, ok := t.section("Parameters")[name]
	return ok
}

func (t *Template) section(name string) map[string]any {
	s, _ := t.doc[name].(map[string]any)
	return s
}

func deepCopy(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = deepCopy(e)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = deepCopy(e)
		}
		return out
	default:
		return v
	}
}
