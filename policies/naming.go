package policies

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/securepipe/securepipe/policies/template"
)

// Naming: every physical name says which environment it belongs to and
// fits the service's limits.
func init() {
	register(
		&Rule{
			ID: "NAME-001", Title: "Names end with the environment's suffix",
			Severity: Error, SOC2: []string{"CC6.1"},
			Problem: "Policies scope access by name: a name without the environment's suffix can collide with, or be granted to, another environment.",
			Fix:     "End the name with -<suffix>, as {project}-{resource-type}-{suffix}.",
			check:   checkNameSuffix,
		},
		&Rule{
			ID: "NAME-002", Title: "Names fit the service's limits",
			Severity: Error, SOC2: []string{"CC8.1"},
			Problem: "A name over the service's length or outside its characters fails the deployment halfway through.",
			Fix:     "Shorten the project name or the suffix, or use only the characters the service accepts.",
			check:   checkNameLimits,
		},
	)
}

// nameLimit is how a resource type names itself and what its service
// accepts.
type nameLimit struct {
	prop    string
	max     int
	allowed *regexp.Regexp
}

var (
	bucketChars = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*[a-z0-9]$`)
	iamChars    = regexp.MustCompile(`^[\w+=,.@-]+$`)
	plainChars  = regexp.MustCompile(`^[A-Za-z0-9_.-]+$`)
	logChars    = regexp.MustCompile(`^[A-Za-z0-9_./#-]+$`)
	aliasChars  = regexp.MustCompile(`^alias/[A-Za-z0-9/_-]+$`)
	anyChars    = regexp.MustCompile(`^.+$`)
)

var nameLimits = map[string]nameLimit{
	"AWS::S3::Bucket":         {"BucketName", 63, bucketChars},
	"AWS::Lambda::Function":   {"FunctionName", 64, plainChars},
	"AWS::IAM::Role":          {"RoleName", 64, iamChars},
	"AWS::IAM::ManagedPolicy": {"ManagedPolicyName", 128, iamChars},
	"AWS::SQS::Queue":         {"QueueName", 80, plainChars},
	"AWS::SNS::Topic":         {"TopicName", 256, plainChars},
	"AWS::CloudWatch::Alarm":  {"AlarmName", 255, anyChars},
	"AWS::Logs::LogGroup":     {"LogGroupName", 512, logChars},
	"AWS::KMS::Alias":         {"AliasName", 256, aliasChars},
	"AWS::CloudTrail::Trail":  {"TrailName", 128, plainChars},
	"AWS::EC2::SecurityGroup": {"GroupName", 255, anyChars},
}

// placeholderLengths are the longest values pseudo parameters take.
var placeholderLengths = map[string]int{
	"AWS::AccountId": 12, "AWS::Region": 14, "AWS::Partition": 10, "AWS::URLSuffix": 16,
}

// physicalNames returns the names a resource sets: its name property and
// its Name tag.
func physicalNames(r *template.Resource) map[string]string {
	out := map[string]string{}
	if l, ok := nameLimits[r.Type]; ok {
		if name, ok := template.Text(r.Prop(l.prop)); ok {
			out[l.prop] = name
		}
	}
	if tags, _ := r.Tags(); tags != nil {
		if name, ok := template.Text(tags["Name"]); ok {
			out["Name tag"] = name
		}
	}
	return out
}

func checkNameSuffix(j *judge) {
	if j.s.Suffix == "" {
		return
	}
	for _, r := range j.t.All() {
		names := physicalNames(r)
		if len(names) == 0 {
			continue
		}
		var problems []string
		for _, prop := range sortedKeysOf(names) {
			if name := names[prop]; !strings.HasSuffix(name, "-"+j.s.Suffix) {
				problems = append(problems, fmt.Sprintf("%s %q does not end with -%s", prop, name, j.s.Suffix))
			}
		}
		j.verdict(r.ID, problems)
	}
	for _, name := range sortedNames(j.t.Outputs) {
		export, ok := template.Text(template.Get(j.t.Outputs[name], "Export", "Name"))
		if ok && !strings.HasSuffix(export, "-"+j.s.Suffix) {
			j.fail(name, "export name %q of output %s does not end with -%s", export, name, j.s.Suffix)
		}
	}
}

func checkNameLimits(j *judge) {
	for _, r := range j.t.All() {
		l, ok := nameLimits[r.Type]
		if !ok {
			continue
		}
		name, ok := template.Text(r.Prop(l.prop))
		if !ok {
			continue
		}
		j.verdict(r.ID, nameProblems(l, name))
	}
}

func nameProblems(l nameLimit, name string) []string {
	known := true
	expanded := replacePlaceholders(name, func(p string) string {
		n, ok := placeholderLengths[p]
		if !ok {
			known = false
			return ""
		}
		return strings.Repeat("0", n)
	})
	length := len(expanded)
	var out []string
	if length > l.max {
		qual := ""
		if !known {
			qual = " at least"
		}
		out = append(out, fmt.Sprintf("%s %q is%s %d characters, over the limit of %d", l.prop, name, qual, length, l.max))
	}
	if known && !l.allowed.MatchString(expanded) {
		out = append(out, fmt.Sprintf("%s %q has characters the service rejects", l.prop, name))
	}
	return out
}

// replacePlaceholders replaces every ${...} of a Sub-style text.
func replacePlaceholders(s string, f func(string) string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		end := strings.IndexByte(s[i:], '}')
		if end < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(f(s[i+2 : i+end]))
		s = s[i+end+1:]
	}
}

func sortedKeysOf(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
