package template

import (
	"encoding/json"
	"strings"
)

// Kind says what a policy document governs.
type Kind int

// The kinds of policy document a template carries.
const (
	// Identity policies are attached to roles, users and groups.
	Identity Kind = iota
	// Trust policies say who may assume a role.
	Trust
	// ResourcePolicy documents are bucket, queue, topic and secret policies.
	ResourcePolicy
	// KeyPolicy documents are KMS key policies.
	KeyPolicy
	// Endpoint policies filter what passes a VPC endpoint.
	Endpoint
)

func (k Kind) String() string {
	return [...]string{"identity policy", "trust policy", "resource policy", "key policy", "endpoint policy"}[k]
}

// Policy is a parsed IAM policy document.
type Policy struct {
	Statements []Statement
}

// Statement is one policy statement. Action lists are kept as Text; the
// resource, principal and condition values stay as decoded.
type Statement struct {
	Sid          string
	Effect       string
	Principal    *Principal
	NotPrincipal bool
	Action       []string
	NotAction    []string
	Resource     []any
	NotResource  []any
	// Condition maps an operator to condition keys and their values.
	Condition map[string]map[string]any
}

// Principal is a statement's Principal element.
type Principal struct {
	// Anyone is "*" or {"AWS": "*"}.
	Anyone    bool
	AWS       []any
	Service   []string
	Federated []any
}

// PolicyRef is a policy document together with where it lives.
type PolicyRef struct {
	Resource *Resource
	Kind     Kind
	// Path names the document inside the resource, such as
	// Policies/processor or KeyPolicy.
	Path   string
	Policy Policy
}

// Policies returns every policy document of the template, by logical ID.
func (t *Template) Policies() []PolicyRef { return t.policies }

// documentProps are where each resource type keeps its policy documents.
var documentProps = map[string]struct {
	prop string
	kind Kind
}{
	"AWS::IAM::Policy":                    {"PolicyDocument", Identity},
	"AWS::IAM::ManagedPolicy":             {"PolicyDocument", Identity},
	"AWS::S3::BucketPolicy":               {"PolicyDocument", ResourcePolicy},
	"AWS::SQS::QueuePolicy":               {"PolicyDocument", ResourcePolicy},
	"AWS::SNS::TopicPolicy":               {"PolicyDocument", ResourcePolicy},
	"AWS::SecretsManager::ResourcePolicy": {"ResourcePolicy", ResourcePolicy},
	"AWS::Logs::ResourcePolicy":           {"PolicyDocument", ResourcePolicy},
	"AWS::KMS::Key":                       {"KeyPolicy", KeyPolicy},
	"AWS::EC2::VPCEndpoint":               {"PolicyDocument", Endpoint},
}

func collectPolicies(t *Template) []PolicyRef {
	var out []PolicyRef
	for _, id := range t.ids {
		r := t.Resources[id]
		if d, ok := documentProps[r.Type]; ok {
			if p, ok := ParsePolicy(r.Properties[d.prop]); ok {
				out = append(out, PolicyRef{Resource: r, Kind: d.kind, Path: d.prop, Policy: p})
			}
		}
		switch r.Type {
		case "AWS::IAM::Role":
			if p, ok := ParsePolicy(r.Properties["AssumeRolePolicyDocument"]); ok {
				out = append(out, PolicyRef{Resource: r, Kind: Trust, Path: "AssumeRolePolicyDocument", Policy: p})
			}
			fallthrough
		case "AWS::IAM::User", "AWS::IAM::Group":
			for _, item := range List(r.Properties["Policies"]) {
				name, _ := Text(Get(item, "PolicyName"))
				if p, ok := ParsePolicy(Get(item, "PolicyDocument")); ok {
					out = append(out, PolicyRef{Resource: r, Kind: Identity, Path: "Policies/" + name, Policy: p})
				}
			}
		}
	}
	return out
}

// RolePolicies returns the identity policies that apply to role: its
// inline policies and every IAM::Policy or ManagedPolicy attached to it.
func (t *Template) RolePolicies(role string) []PolicyRef {
	var out []PolicyRef
	for _, p := range t.policies {
		if p.Kind != Identity {
			continue
		}
		if p.Resource.ID == role && p.Resource.Type == "AWS::IAM::Role" {
			out = append(out, p)
			continue
		}
		for _, r := range List(p.Resource.Properties["Roles"]) {
			if name, ok := Ref(r); ok && name == role {
				out = append(out, p)
			}
		}
	}
	return out
}

// ParsePolicy reads a policy document given as a mapping or as JSON text.
func ParsePolicy(v any) (Policy, bool) {
	if s, ok := v.(string); ok {
		var decoded any
		if err := json.Unmarshal([]byte(s), &decoded); err != nil {
			return Policy{}, false
		}
		v = decoded
	}
	m, ok := v.(map[string]any)
	if !ok {
		return Policy{}, false
	}
	var p Policy
	for _, item := range List(m["Statement"]) {
		s, ok := item.(map[string]any)
		if !ok {
			continue
		}
		p.Statements = append(p.Statements, parseStatement(s))
	}
	return p, true
}

func parseStatement(m map[string]any) Statement {
	s := Statement{
		Action:      Texts(m["Action"]),
		NotAction:   Texts(m["NotAction"]),
		Resource:    List(m["Resource"]),
		NotResource: List(m["NotResource"]),
		Condition:   map[string]map[string]any{},
	}
	s.Sid, _ = m["Sid"].(string)
	s.Effect, _ = m["Effect"].(string)
	if v, ok := m["Principal"]; ok {
		s.Principal = parsePrincipal(v)
	}
	if v, ok := m["NotPrincipal"]; ok {
		s.NotPrincipal = true
		s.Principal = parsePrincipal(v)
	}
	for op, keys := range asMap(m["Condition"]) {
		s.Condition[op] = asMap(keys)
	}
	return s
}

func parsePrincipal(v any) *Principal {
	p := &Principal{}
	if s, ok := v.(string); ok {
		p.Anyone = s == "*"
		return p
	}
	m := asMap(v)
	for _, a := range List(m["AWS"]) {
		if s, ok := a.(string); ok && s == "*" {
			p.Anyone = true
		}
		p.AWS = append(p.AWS, a)
	}
	p.Service = Texts(m["Service"])
	p.Federated = List(m["Federated"])
	return p
}

// Allows reports whether the statement is an Allow.
func (s Statement) Allows() bool { return s.Effect == "Allow" }

// Denies reports whether the statement is a Deny.
func (s Statement) Denies() bool { return s.Effect == "Deny" }

// HasCondition reports whether the statement has any condition.
func (s Statement) HasCondition() bool {
	for _, keys := range s.Condition {
		if len(keys) > 0 {
			return true
		}
	}
	return false
}

// ConditionKeys returns every condition key, lower-cased, with its
// operator: {"aws:sourcearn": "ArnEquals"}.
func (s Statement) ConditionKeys() map[string]string {
	out := map[string]string{}
	for op, keys := range s.Condition {
		for k := range keys {
			out[strings.ToLower(k)] = op
		}
	}
	return out
}

// ConditionValues returns the values given to key (case-insensitive) under
// operators that start with prefix ("" for any), as a list.
func (s Statement) ConditionValues(prefix, key string) []any {
	var out []any
	for op, keys := range s.Condition {
		if !strings.HasPrefix(op, prefix) {
			continue
		}
		for k, v := range keys {
			if strings.EqualFold(k, key) {
				out = append(out, List(v)...)
			}
		}
	}
	return out
}

// Covers reports whether the statement's actions include action, taking
// wildcards into account (s3:* covers s3:PutObject).
func (s Statement) Covers(action string) bool {
	for _, a := range s.Action {
		if MatchWildcard(strings.ToLower(a), strings.ToLower(action)) {
			return true
		}
	}
	return false
}

// MatchWildcard matches s against an IAM-style pattern where * is any run
// of characters and ? any one character.
func MatchWildcard(pattern, s string) bool {
	for len(pattern) > 0 {
		switch pattern[0] {
		case '*':
			for i := len(s); i >= 0; i-- {
				if MatchWildcard(pattern[1:], s[i:]) {
					return true
				}
			}
			return false
		case '?':
			if s == "" {
				return false
			}
		default:
			if s == "" || s[0] != pattern[0] {
				return false
			}
		}
		pattern, s = pattern[1:], s[1:]
	}
	return s == ""
}
