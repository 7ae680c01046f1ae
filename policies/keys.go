package policies

import (
	"fmt"
	"slices"
	"strings"

	"github.com/securepipe/securepipe/policies/template"
)

// Key policies: the account keeps control of every key, nobody is let in
// unconditionally, and each service a key serves is let in for its own
// resources only.
func init() {
	register(
		&Rule{
			ID: "KEY-001", Title: "The account can still manage every key",
			Severity: Error, SOC2: []string{"CC6.1", "CC6.3"},
			Problem: "A key policy that does not let the account manage the key can lock everyone out of it, and of the data it encrypts, for good.",
			Fix:     "Allow the account root principal the key's administrative actions (kms:PutKeyPolicy among them) without conditions, and never set BypassPolicyLockoutSafetyCheck.",
			check:   checkNoLockout,
		},
		&Rule{
			ID: "KEY-002", Title: "No key policy lets anyone in without a condition",
			Severity: Error, SOC2: []string{"CC6.1", "CC6.3"}, SecurityHub: []string{"KMS.5"},
			Problem: "An Allow to Principal * makes the key usable by any AWS account unless a condition pins who calls to fixed values; a condition on anything else, or one with a wildcard value such as aws:PrincipalArn *, admits anyone.",
			Fix:     "Name the principals, or narrow the statement with a condition that pins the caller to fixed values, such as kms:CallerAccount or aws:PrincipalArn of this account.",
			check:   checkKeyNotPublic,
		},
		&Rule{
			ID: "KEY-003", Title: "Service grants in key policies are scoped",
			Severity: Error, SOC2: []string{"CC6.1", "CC6.3"},
			Problem: "A service principal allowed without a condition can use the key on behalf of any account's resources (the confused deputy).",
			Fix:     "Add aws:SourceArn or aws:SourceAccount, or an encryption-context condition, to every statement that allows a service.",
			check:   checkServiceGrantsScoped,
		},
		&Rule{
			ID: "KEY-004", Title: "Every key grants the services that use it",
			Severity: Error, SOC2: []string{"CC6.1", "CC7.2"},
			Problem: "A log group, trail, queue or bucket whose key does not let its service encrypt fails at deploy time or silently drops data (logs, notifications).",
			Fix:     "Allow the service the key actions it needs in the key policy, scoped to the resource (for log groups, list the group's ARN in kms:EncryptionContext:aws:logs:arn).",
			check:   checkKeysServeUsers,
		},
	)
}

func keyPolicy(t *template.Template, keyID string) (template.Policy, bool) {
	for _, p := range t.Policies() {
		if p.Kind == template.KeyPolicy && p.Resource.ID == keyID {
			return p.Policy, true
		}
	}
	return template.Policy{}, false
}

func checkNoLockout(j *judge) {
	for _, k := range j.t.OfType("AWS::KMS::Key") {
		if template.IsTrue(k.Prop("BypassPolicyLockoutSafetyCheck")) {
			j.fail(k.ID, "key sets BypassPolicyLockoutSafetyCheck, which lets a policy lock the account out")
			continue
		}
		policy, _ := keyPolicy(j.t, k.ID)
		if !accountManages(policy) {
			j.fail(k.ID, "key policy does not allow the account root to manage the key (kms:PutKeyPolicy) without conditions")
			continue
		}
		j.pass(k.ID)
	}
}

func accountManages(p template.Policy) bool {
	for _, s := range p.Statements {
		if !s.Allows() || s.Principal == nil || s.NotPrincipal || s.HasCondition() || !s.Covers("kms:PutKeyPolicy") {
			continue
		}
		for _, a := range s.Principal.AWS {
			if isAccountPrincipal(a) {
				return true
			}
		}
	}
	return false
}

func checkKeyNotPublic(j *judge) {
	for _, p := range j.t.Policies() {
		if p.Kind != template.KeyPolicy {
			continue
		}
		var problems []string
		for i, s := range p.Policy.Statements {
			if problem := openStatement(p.Kind, s, i); problem != "" {
				problems = append(problems, problem)
			}
		}
		j.verdict(p.Resource.ID, problems)
	}
}

// scopingKeys are the condition keys that tie a service's use of a key to
// this account's resources.
func scopedBy(s template.Statement) bool {
	for key := range s.ConditionKeys() {
		switch {
		case key == "aws:sourcearn", key == "aws:sourceaccount", key == "aws:sourceorgid",
			key == "kms:viaservice", key == "kms:calleraccount", key == "kms:encryptioncontextkeys",
			strings.HasPrefix(key, "kms:encryptioncontext:"):
			return true
		}
	}
	return false
}

func checkServiceGrantsScoped(j *judge) {
	for _, p := range j.t.Policies() {
		if p.Kind != template.KeyPolicy {
			continue
		}
		var problems []string
		for i, s := range p.Policy.Statements {
			if s.Allows() && s.Principal != nil && len(s.Principal.Service) > 0 && !scopedBy(s) {
				problems = append(problems, fmt.Sprintf("key policy statement %s allows %s without a source or encryption-context condition",
					label(s, i), strings.Join(s.Principal.Service, ", ")))
			}
		}
		j.verdict(p.Resource.ID, problems)
	}
}

func label(s template.Statement, i int) string {
	if s.Sid != "" {
		return s.Sid
	}
	return fmt.Sprintf("#%d", i+1)
}

// keyNeed is a service that must be let use a key for a resource.
type keyNeed struct {
	resource *template.Resource
	key      string
	service  func(string) bool
	name     string
	actions  []string
	// logGroupName is set for log groups, whose grant must name them in
	// its encryption context when it has one.
	logGroupName string
}

func checkKeysServeUsers(j *judge) {
	for _, n := range keyNeeds(j.t) {
		policy, ok := keyPolicy(j.t, n.key)
		if !ok {
			continue
		}
		if problem := n.unmet(policy); problem != "" {
			j.fail(n.key, "%s", problem)
			continue
		}
		j.pass(n.key)
	}
}

func (n keyNeed) unmet(p template.Policy) string {
	var missing []string
	for _, a := range n.actions {
		if !n.granted(p, a) {
			missing = append(missing, a)
		}
	}
	if len(missing) == 0 {
		return ""
	}
	return fmt.Sprintf("key does not let %s use it for %s %s (%s)", n.name,
		typeNoun[n.resource.Type], n.resource.ID, strings.Join(missing, ", "))
}

func (n keyNeed) granted(p template.Policy, action string) bool {
	for _, s := range p.Statements {
		if !s.Allows() || s.Principal == nil || !s.Covers(action) {
			continue
		}
		for _, svc := range s.Principal.Service {
			if n.service(svc) && n.contextAdmits(s) {
				return true
			}
		}
	}
	return false
}

// contextAdmits checks a log group's name against the grant's encryption
// context, when the grant has one.
func (n keyNeed) contextAdmits(s template.Statement) bool {
	if n.logGroupName == "" {
		return true
	}
	values := s.ConditionValues("", "kms:EncryptionContext:aws:logs:arn")
	if len(values) == 0 {
		return true
	}
	for _, v := range values {
		text, _ := template.Text(v)
		if strings.HasSuffix(text, ":log-group:"+n.logGroupName) {
			return true
		}
		if strings.Contains(text, "*") && template.MatchWildcard(text, logGroupARN(n.logGroupName)) {
			return true
		}
	}
	return false
}

func logGroupARN(name string) string {
	return "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:" + name
}

// typeNoun names the resource types a key serves.
var typeNoun = map[string]string{
	"AWS::Logs::LogGroup": "log group", "AWS::CloudTrail::Trail": "trail",
	"AWS::SQS::Queue": "queue", "AWS::S3::Bucket": "bucket",
}

func isService(name string) func(string) bool {
	return func(s string) bool { return s == name }
}

func isLogsService(s string) bool {
	return s == "logs.amazonaws.com" || (strings.HasPrefix(s, "logs.") && strings.HasSuffix(s, ".amazonaws.com"))
}

// keyNeeds lists, for every resource encrypted with a key of the template,
// the service that must be let use the key.
func keyNeeds(t *template.Template) []keyNeed {
	var out []keyNeed
	for _, r := range t.All() {
		for _, ref := range keyRefs(r) {
			u, ok := resolveKey(t, ref)
			if !ok || u.Key == "" {
				continue
			}
			out = append(out, needsOf(t, r, u.Key)...)
		}
	}
	return out
}

func needsOf(t *template.Template, r *template.Resource, key string) []keyNeed {
	switch r.Type {
	case "AWS::Logs::LogGroup":
		name, _ := template.Text(r.Prop("LogGroupName"))
		return []keyNeed{{resource: r, key: key, service: isLogsService, name: "CloudWatch Logs",
			actions: []string{"kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"}, logGroupName: name}}
	case "AWS::CloudTrail::Trail":
		return []keyNeed{{resource: r, key: key, service: isService("cloudtrail.amazonaws.com"), name: "CloudTrail",
			actions: []string{"kms:GenerateDataKey", "kms:DescribeKey"}}}
	case "AWS::SQS::Queue":
		var out []keyNeed
		for _, svc := range sortedSet(queueSenders(t, r.ID)) {
			out = append(out, keyNeed{resource: r, key: key, service: isService(svc), name: svc,
				actions: []string{"kms:GenerateDataKey", "kms:Decrypt"}})
		}
		return out
	case "AWS::S3::Bucket":
		var out []keyNeed
		for _, svc := range sortedSet(bucketWriters(t, r.ID)) {
			out = append(out, keyNeed{resource: r, key: key, service: isService(svc), name: svc,
				actions: []string{"kms:GenerateDataKey"}})
		}
		return out
	}
	return nil
}

// queueSenders are the services that send to queue id: those its queue
// policies allow sqs:SendMessage, and S3 for buckets that notify it.
func queueSenders(t *template.Template, id string) map[string]bool {
	out := map[string]bool{}
	for _, p := range t.Policies() {
		if p.Resource.Type != "AWS::SQS::QueuePolicy" || !slices.Contains(targets(p.Resource.Prop("Queues")), id) {
			continue
		}
		for _, s := range p.Policy.Statements {
			if s.Allows() && s.Principal != nil && s.Covers("sqs:SendMessage") {
				for _, svc := range s.Principal.Service {
					out[svc] = true
				}
			}
		}
	}
	for _, b := range t.OfType("AWS::S3::Bucket") {
		for _, c := range template.List(b.Prop("NotificationConfiguration", "QueueConfigurations")) {
			if q, _ := template.Target(template.Get(c, "Queue")); q == id {
				out["s3.amazonaws.com"] = true
			}
		}
	}
	return out
}

// bucketWriters are the services bucket policies allow to put objects in
// bucket id.
func bucketWriters(t *template.Template, id string) map[string]bool {
	out := map[string]bool{}
	for _, p := range bucketPolicies(t, id) {
		for _, s := range p.Policy.Statements {
			if s.Allows() && s.Principal != nil && s.Covers("s3:PutObject") {
				for _, svc := range s.Principal.Service {
					out[svc] = true
				}
			}
		}
	}
	return out
}
