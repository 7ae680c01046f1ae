package localdeploy

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// resolver works out what a template expression became once deployed, so
// that checks can compare the template's intent with what the API reports.
type resolver struct {
	account string
	stack   string
	// types maps logical IDs to resource types, from the template.
	types map[string]string
	// physical maps logical IDs to physical IDs, from the stack.
	physical map[string]string
	// params holds the stack's parameter values.
	params map[string]string
	// literals maps strings written in the template to what stands in for
	// them locally (the secret's key ARN).
	literals map[string]string
}

// str resolves an expression that must yield one string.
func (r resolver) str(v any) (string, error) {
	switch v := v.(type) {
	case string:
		return r.literal(v), nil
	case json.Number:
		return v.String(), nil
	case bool:
		return fmt.Sprint(v), nil
	case map[string]any:
		return r.intrinsic(v)
	default:
		return "", fmt.Errorf("resolve %v: not a string expression", v)
	}
}

// strs resolves an expression that must yield a list of strings.
func (r resolver) strs(v any) ([]string, error) {
	list, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("resolve %v: not a list", v)
	}

	out := make([]string, 0, len(list))
	for _, e := range list {
		s, err := r.str(e)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

func (r resolver) literal(s string) string {
	for from, to := range r.literals {
		s = strings.ReplaceAll(s, from, to)
	}
	return s
}

func (r resolver) intrinsic(m map[string]any) (string, error) {
	if len(m) != 1 {
		return "", fmt.Errorf("resolve %v: not an intrinsic function", m)
	}

	var fn string
	var arg any
	for k, v := range m {
		fn, arg = k, v
	}

	switch fn {
	case "Ref":
		name, _ := arg.(string)
		return r.ref(name)
	case "Fn::GetAtt":
		return r.getAtt(arg)
	case "Fn::Sub":
		return r.sub(arg)
	case "Fn::Join":
		return r.join(arg)
	}
	return "", fmt.Errorf("resolve %s: not supported by the checks", fn)
}

func (r resolver) ref(name string) (string, error) {
	switch name {
	case "AWS::Region":
		return region, nil
	case "AWS::AccountId":
		return r.account, nil
	case "AWS::Partition":
		return "aws", nil
	case "AWS::URLSuffix":
		return "amazonaws.com", nil
	case "AWS::StackName":
		return r.stack, nil
	}
	if v, ok := r.params[name]; ok {
		return v, nil
	}
	if v, ok := r.physical[name]; ok {
		return v, nil
	}
	if _, ok := r.types[name]; ok {
		return "", fmt.Errorf("resolve Ref %s: the stack has no such resource", name)
	}
	return "", fmt.Errorf("resolve Ref %s: no such parameter or resource", name)
}

func (r resolver) getAtt(arg any) (string, error) {
	var id, attr string
	switch a := arg.(type) {
	case string:
		id, attr, _ = strings.Cut(a, ".")
	case []any:
		if len(a) == 2 {
			id, _ = a[0].(string)
			attr, _ = a[1].(string)
		}
	}

	phys, err := r.ref(id)
	if err != nil {
		return "", err
	}
	typ := r.types[id]
	if attr == "Arn" {
		return arnOf(typ, phys, r.account)
	}
	if typ == "AWS::EC2::SecurityGroup" && attr == "GroupId" {
		return phys, nil
	}
	return "", fmt.Errorf("resolve GetAtt %s.%s: not supported by the checks", id, attr)
}

// arnOf builds the ARN CloudFormation's GetAtt Arn returns for a resource.
func arnOf(typ, phys, account string) (string, error) {
	switch typ {
	case "AWS::KMS::Key":
		return "arn:aws:kms:" + region + ":" + account + ":key/" + phys, nil
	case "AWS::SQS::Queue":
		return "arn:aws:sqs:" + region + ":" + account + ":" + phys[strings.LastIndex(phys, "/")+1:], nil
	case "AWS::Logs::LogGroup":
		return "arn:aws:logs:" + region + ":" + account + ":log-group:" + phys + ":*", nil
	case "AWS::IAM::Role":
		return "arn:aws:iam::" + account + ":role/" + phys, nil
	case "AWS::Lambda::Function":
		return "arn:aws:lambda:" + region + ":" + account + ":function:" + phys, nil
	case "AWS::S3::Bucket":
		return "arn:aws:s3:::" + phys, nil
	}
	return "", fmt.Errorf("resolve GetAtt Arn of %s: not supported by the checks", typ)
}

var subVariable = regexp.MustCompile(`\$\{([^}!][^}]*)\}`)

func (r resolver) sub(arg any) (string, error) {
	var text string
	vars := map[string]any{}
	switch a := arg.(type) {
	case string:
		text = a
	case []any:
		if len(a) == 2 {
			text, _ = a[0].(string)
			vars, _ = a[1].(map[string]any)
		}
	}

	var firstErr error
	out := subVariable.ReplaceAllStringFunc(text, func(m string) string {
		name := m[2 : len(m)-1]
		var v string
		var err error
		switch e, ok := vars[name]; {
		case ok:
			v, err = r.str(e)
		case strings.Contains(name, "."):
			v, err = r.getAtt(name)
		default:
			v, err = r.ref(name)
		}
		if err != nil && firstErr == nil {
			firstErr = err
		}
		return v
	})
	if firstErr != nil {
		return "", firstErr
	}
	return r.literal(strings.ReplaceAll(out, "${!", "${")), nil
}

func (r resolver) join(arg any) (string, error) {
	a, ok := arg.([]any)
	if !ok || len(a) != 2 {
		return "", fmt.Errorf("resolve Fn::Join %v: want [separator, list]", arg)
	}

	sep, _ := a[0].(string)
	parts, err := r.strs(a[1])
	if err != nil {
		return "", err
	}
	return strings.Join(parts, sep), nil
}

// sameSet reports whether two lists hold the same strings, ignoring order.
func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	x := append([]string(nil), a...)
	y := append([]string(nil), b...)
	sort.Strings(x)
	sort.Strings(y)
	for i := range x {
		if x[i] != y[i] {
			return false
		}
	}
	return true
}
