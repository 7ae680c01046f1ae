package template

import (
	"bytes"
	"fmt"
	"sort"
)

// Template is a parsed CloudFormation template.
type Template struct {
	// File is where the template was read from, as given to Parse.
	File string
	// Metadata is the template's top-level Metadata section.
	Metadata map[string]any
	// Parameters maps a parameter name to its declaration.
	Parameters map[string]any
	// Resources maps a logical ID to its resource.
	Resources map[string]*Resource
	// Outputs maps an output name to its declaration.
	Outputs map[string]any
	// Rules is the template's Rules section: assertions about the
	// parameters and the account and region it may be deployed to.
	Rules map[string]any

	ids      []string
	policies []PolicyRef
	// root and lines are the decoded template and the lines of its
	// logical IDs, from which Variants builds the template again.
	root  map[string]any
	lines map[string]int
}

// Resource is one entry of the template's Resources section.
type Resource struct {
	// ID is the logical ID.
	ID string
	// Type is the CloudFormation type, such as AWS::S3::Bucket.
	Type string
	// Properties are the resource's properties as decoded values:
	// map[string]any, []any, string, float64, bool or nil.
	Properties map[string]any
	// DeletionPolicy and UpdateReplacePolicy are empty when not written.
	DeletionPolicy      string
	UpdateReplacePolicy string
	// DependsOn lists the logical IDs the resource waits for.
	DependsOn []string
	// Line is the line of the logical ID in File, or 0 when unknown.
	Line int
}

// Parse reads a template from data: JSON when it starts with '{', YAML
// otherwise.
func Parse(file string, data []byte) (*Template, error) {
	var (
		root  map[string]any
		lines map[string]int
		err   error
	)
	if trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff"); len(trimmed) > 0 && trimmed[0] == '{' {
		root, lines, err = decodeJSON(data)
	} else {
		root, lines, err = decodeYAML(data)
	}
	if err != nil {
		return nil, parseError(file, err)
	}
	t, err := build(file, root, lines)
	if err != nil {
		return nil, parseError(file, err)
	}
	return t, nil
}

func build(file string, root map[string]any, lines map[string]int) (*Template, error) {
	t := &Template{
		File:       file,
		Metadata:   asMap(root["Metadata"]),
		Parameters: asMap(root["Parameters"]),
		Outputs:    asMap(root["Outputs"]),
		Rules:      asMap(root["Rules"]),
		Resources:  map[string]*Resource{},
		root:       root,
		lines:      lines,
	}
	raw, ok := root["Resources"].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("no Resources section; a CloudFormation template declares at least one resource")
	}
	for id, v := range raw {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, atLine(lines[id], fmt.Errorf("resource %s is not a mapping", id))
		}
		typ, _ := m["Type"].(string)
		if typ == "" {
			return nil, atLine(lines[id], fmt.Errorf("resource %s has no Type", id))
		}
		r := &Resource{
			ID:         id,
			Type:       typ,
			Properties: asMap(m["Properties"]),
			Line:       lines[id],
		}
		r.DeletionPolicy, _ = m["DeletionPolicy"].(string)
		r.UpdateReplacePolicy, _ = m["UpdateReplacePolicy"].(string)
		for _, d := range List(m["DependsOn"]) {
			if s, ok := d.(string); ok {
				r.DependsOn = append(r.DependsOn, s)
			}
		}
		t.Resources[id] = r
		t.ids = append(t.ids, id)
	}
	sort.Strings(t.ids)
	t.policies = collectPolicies(t)
	return t, nil
}

func asMap(v any) map[string]any {
	if m, ok := v.(map[string]any); ok {
		return m
	}
	return map[string]any{}
}

// IDs returns every logical ID, sorted.
func (t *Template) IDs() []string { return t.ids }

// Resource returns the resource with logical ID id, or nil.
func (t *Template) Resource(id string) *Resource { return t.Resources[id] }

// OfType returns the resources of any of the given types, by logical ID.
func (t *Template) OfType(types ...string) []*Resource {
	var out []*Resource
	for _, id := range t.ids {
		r := t.Resources[id]
		for _, typ := range types {
			if r.Type == typ {
				out = append(out, r)
				break
			}
		}
	}
	return out
}

// All returns every resource, by logical ID.
func (t *Template) All() []*Resource {
	out := make([]*Resource, len(t.ids))
	for i, id := range t.ids {
		out[i] = t.Resources[id]
	}
	return out
}

// Declares reports whether name is a resource, a parameter or a pseudo
// parameter of the template: something a Ref may name.
func (t *Template) Declares(name string) bool {
	if _, ok := t.Resources[name]; ok {
		return true
	}
	if _, ok := t.Parameters[name]; ok {
		return true
	}
	return pseudoParameters[name]
}

var pseudoParameters = map[string]bool{
	"AWS::AccountId": true, "AWS::NotificationARNs": true, "AWS::NoValue": true,
	"AWS::Partition": true, "AWS::Region": true, "AWS::StackId": true,
	"AWS::StackName": true, "AWS::URLSuffix": true,
}

// IsPseudo reports whether name is a CloudFormation pseudo parameter.
func IsPseudo(name string) bool { return pseudoParameters[name] }

// Prop returns the property at path, or nil.
func (r *Resource) Prop(path ...string) any { return Get(r.Properties, path...) }

// Tags returns the resource's tags by key, accepting both the list form
// ([{Key, Value}]) and the map form; ok is false when Tags is not written.
func (r *Resource) Tags() (tags map[string]any, ok bool) {
	v, ok := r.Properties["Tags"]
	if !ok {
		return nil, false
	}
	tags = map[string]any{}
	switch v := v.(type) {
	case []any:
		for _, item := range v {
			m, _ := item.(map[string]any)
			if key, ok := m["Key"].(string); ok {
				tags[key] = m["Value"]
			}
		}
	case map[string]any:
		for k, val := range v {
			tags[k] = val
		}
	}
	return tags, true
}
