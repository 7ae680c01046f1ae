package policies

import (
	"fmt"
	"slices"
	"strings"

	"github.com/securepipe/securepipe/policies/template"
)

// References: what a template names exists in it.
func init() {
	register(
		&Rule{
			ID: "REF-001", Title: "Every Ref, GetAtt and Sub names something the template declares",
			Severity: Error, SOC2: []string{"CC8.1"},
			Problem: "A reference to a missing resource or parameter fails the deployment, or leaves a policy granting nothing it should.",
			Fix:     "Declare the resource or parameter, or correct the logical ID.",
			check:   checkReferences,
		},
		&Rule{
			ID: "REF-002", Title: "ARNs in policies name resources of the template",
			Severity: Error, SOC2: []string{"CC6.3", "CC8.1"},
			Problem: "A policy that builds a bucket, queue, log group, function or trail ARN from a name the template does not create grants on something else, or on nothing: least privilege in name only.",
			Fix:     "Build the ARN from the resource's own name (or use GetAtt), so that it follows the resource.",
			check:   checkPolicyARNs,
		},
	)
}

func checkReferences(j *judge) {
	for _, r := range j.t.All() {
		refs := template.References(r.Properties)
		for _, d := range r.DependsOn {
			refs = append(refs, template.Reference{Name: d, Function: "DependsOn"})
		}
		j.verdict(r.ID, referenceProblems(j.t, refs))
	}
	for _, name := range sortedNames(j.t.Outputs) {
		if problems := referenceProblems(j.t, template.References(j.t.Outputs[name])); len(problems) > 0 {
			for _, p := range problems {
				j.fail(name, "output %s: %s", name, p)
			}
		}
	}
}

func referenceProblems(t *template.Template, refs []template.Reference) []string {
	var out []string
	seen := map[string]bool{}
	for _, ref := range refs {
		key := ref.Function + " " + ref.Name
		if seen[key] {
			continue
		}
		seen[key] = true
		needsResource := ref.Attr != "" || ref.Function == "DependsOn"
		switch {
		case needsResource && t.Resource(ref.Name) == nil:
			out = append(out, fmt.Sprintf("%s names %s, which is not a resource of the template", ref.Function, ref.Name))
		case !needsResource && !t.Declares(ref.Name):
			out = append(out, fmt.Sprintf("%s names %s, which the template does not declare", ref.Function, ref.Name))
		}
	}
	return out
}

// arnKind says how to find a resource's name in an ARN of its service.
type arnKind struct {
	typ  string
	prop string
	// name extracts the resource name from the part of the ARN after the
	// account, or returns false when the ARN is not of a named resource.
	name func(rest string) (string, bool)
}

var arnKinds = map[string]arnKind{
	"s3": {"AWS::S3::Bucket", "BucketName", func(rest string) (string, bool) {
		name, _, _ := strings.Cut(rest, "/")
		return name, name != ""
	}},
	"sqs": {"AWS::SQS::Queue", "QueueName", func(rest string) (string, bool) { return rest, rest != "" }},
	"logs": {"AWS::Logs::LogGroup", "LogGroupName", func(rest string) (string, bool) {
		name, ok := strings.CutPrefix(rest, "log-group:")
		name, _, _ = strings.Cut(name, ":")
		return name, ok && name != ""
	}},
	"lambda": {"AWS::Lambda::Function", "FunctionName", func(rest string) (string, bool) {
		name, ok := strings.CutPrefix(rest, "function:")
		name, _, _ = strings.Cut(name, ":")
		return name, ok && name != ""
	}},
	"cloudtrail": {"AWS::CloudTrail::Trail", "TrailName", func(rest string) (string, bool) {
		name, ok := strings.CutPrefix(rest, "trail/")
		return name, ok && name != ""
	}},
}

func checkPolicyARNs(j *judge) {
	problems := map[string][]string{}
	var holders []string
	note := func(holder string, values []any) {
		if len(problems[holder]) == 0 && !slices.Contains(holders, holder) {
			holders = append(holders, holder)
		}
		for _, v := range values {
			if p := arnProblem(j.t, v); p != "" && !slices.Contains(problems[holder], p) {
				problems[holder] = append(problems[holder], p)
			}
		}
	}
	for _, p := range j.t.Policies() {
		for _, s := range p.Policy.Statements {
			note(p.Resource.ID, s.Resource)
			note(p.Resource.ID, s.NotResource)
			for _, keys := range s.Condition {
				for _, v := range keys {
					note(p.Resource.ID, template.List(v))
				}
			}
		}
	}
	for _, tr := range j.t.OfType("AWS::CloudTrail::Trail") {
		for _, s := range template.List(tr.Prop("EventSelectors")) {
			for _, d := range template.List(template.Get(s, "DataResources")) {
				note(tr.ID, template.List(template.Get(d, "Values")))
			}
		}
	}
	for _, h := range holders {
		j.verdict(h, problems[h])
	}
}

// splitARN splits an ARN into its six parts, leaving the colons inside
// ${AWS::...} placeholders alone.
func splitARN(arn string) []string {
	var parts []string
	depth, start := 0, 0
	for i := 0; i < len(arn); i++ {
		switch {
		case strings.HasPrefix(arn[i:], "${"):
			depth++
		case arn[i] == '}' && depth > 0:
			depth--
		case arn[i] == ':' && depth == 0 && len(parts) < 5:
			parts = append(parts, arn[start:i])
			start = i + 1
		}
	}
	return append(parts, arn[start:])
}

// arnProblem checks one value: when it is an ARN built with Fn::Sub for a
// kind of resource the template creates, the name must be one of them.
func arnProblem(t *template.Template, v any) string {
	if _, _, isSub := template.Sub(v); !isSub {
		return ""
	}
	text, ok := template.Text(v)
	if !ok || !strings.HasPrefix(text, "arn:") {
		return ""
	}
	parts := splitARN(text)
	if len(parts) < 6 {
		return ""
	}
	kind, ok := arnKinds[parts[2]]
	if !ok || len(t.OfType(kind.typ)) == 0 {
		return ""
	}
	name, ok := kind.name(parts[5])
	if !ok || namesParameter(t, name) {
		return ""
	}
	for _, r := range t.OfType(kind.typ) {
		for _, n := range resourceNames(r, kind.prop) {
			if name == n || (strings.ContainsAny(name, "*?") && template.MatchWildcard(name, n)) {
				return ""
			}
		}
	}
	return fmt.Sprintf("%s names %s %q, which the template does not create", text, strings.TrimPrefix(kind.typ, "AWS::"), name)
}

// namesParameter reports whether a name is built from a parameter, so that
// it names something outside the template on purpose.
func namesParameter(t *template.Template, name string) bool {
	for _, n := range template.SubNames(name) {
		if _, ok := t.Parameters[n]; ok {
			return true
		}
	}
	return false
}
