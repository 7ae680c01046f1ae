package cfn

import "encoding/json"

// PolicyDocument is an IAM policy document: identity, resource, key and
// endpoint policies alike.
type PolicyDocument struct {
	Version   string      `json:"Version"`
	Statement []Statement `json:"Statement"`
}

// Policy returns a policy document of the current IAM policy language.
func Policy(statements ...Statement) *PolicyDocument {
	return &PolicyDocument{Version: "2012-10-17", Statement: statements}
}

// Statement is one policy statement. Values may be intrinsic placeholders.
type Statement struct {
	Sid         string     `json:"Sid,omitempty"`
	Effect      string     `json:"Effect"`
	Principal   *Principal `json:"Principal,omitempty"`
	Action      []string   `json:"Action,omitempty"`
	NotAction   []string   `json:"NotAction,omitempty"`
	Resource    []string   `json:"Resource,omitempty"`
	NotResource []string   `json:"NotResource,omitempty"`
	Condition   Condition  `json:"Condition,omitempty"`
}

// Condition maps an operator to keys and their values, for example
// {"StringEquals": {"aws:SourceAccount": "..."}}.
type Condition map[string]map[string]any

// Principal names who a resource policy applies to. Anyone means "*", which
// is only ever used together with a condition that narrows it.
type Principal struct {
	Anyone  bool
	AWS     []string
	Service []string
}

// MarshalJSON renders "*" for Anyone and the AWS/Service lists otherwise.
func (p Principal) MarshalJSON() ([]byte, error) {
	if p.Anyone {
		return json.Marshal("*")
	}
	m := map[string][]string{}
	if len(p.AWS) > 0 {
		m["AWS"] = p.AWS
	}
	if len(p.Service) > 0 {
		m["Service"] = p.Service
	}
	return json.Marshal(m)
}

// Allow returns an Allow statement.
func Allow(sid string, actions, resources []string) Statement {
	return Statement{Sid: sid, Effect: "Allow", Action: actions, Resource: resources}
}

// Deny returns a Deny statement.
func Deny(sid string, actions, resources []string) Statement {
	return Statement{Sid: sid, Effect: "Deny", Action: actions, Resource: resources}
}

// When returns s with condition c.
func (s Statement) When(c Condition) Statement {
	s.Condition = c
	return s
}

// For returns s with principal p.
func (s Statement) For(p Principal) Statement {
	s.Principal = &p
	return s
}
