package policies

import (
	"strings"

	"github.com/securepipe/securepipe/policies/template"
)

// keyUse says what a KMS key reference resolves to.
type keyUse struct {
	// Key is the logical ID of a key of the template, when it is one.
	Key string
	// External is a literal key ARN or ID outside the template.
	External string
	// Managed is set for AWS-managed keys (alias/aws/...).
	Managed bool
	// Text is the reference as written.
	Text string
}

// resolveKey follows a key reference (GetAtt Arn, Ref, an alias of the
// template, or a literal) to the key it names.
func resolveKey(t *template.Template, v any) (keyUse, bool) {
	text, _ := template.Text(v)
	u := keyUse{Text: text}
	if id, ok := template.Target(v); ok {
		r := t.Resource(id)
		switch {
		case r == nil:
			return u, false
		case r.Type == "AWS::KMS::Key":
			u.Key = id
			return u, true
		case r.Type == "AWS::KMS::Alias":
			return resolveKey(t, r.Prop("TargetKeyId"))
		}
		return u, false
	}
	if text == "" {
		return u, false
	}
	if strings.Contains(text, "alias/aws/") {
		u.Managed = true
		return u, true
	}
	if i := strings.Index(text, "alias/"); i >= 0 {
		for _, a := range t.OfType("AWS::KMS::Alias") {
			if name, _ := template.Text(a.Prop("AliasName")); name == text[i:] {
				return resolveKey(t, a.Prop("TargetKeyId"))
			}
		}
	}
	u.External = text
	return u, true
}

// keyRefs returns the keys resource r encrypts with, by the property that
// names each.
func keyRefs(r *template.Resource) []any {
	switch r.Type {
	case "AWS::S3::Bucket":
		var out []any
		for _, rule := range template.List(r.Prop("BucketEncryption", "ServerSideEncryptionConfiguration")) {
			if k := template.Get(rule, "ServerSideEncryptionByDefault", "KMSMasterKeyID"); k != nil {
				out = append(out, k)
			}
		}
		return out
	case "AWS::SQS::Queue", "AWS::SNS::Topic":
		return nonNil(r.Prop("KmsMasterKeyId"))
	case "AWS::Logs::LogGroup":
		return nonNil(r.Prop("KmsKeyId"))
	case "AWS::Lambda::Function":
		return nonNil(r.Prop("KmsKeyArn"))
	case "AWS::CloudTrail::Trail":
		return nonNil(r.Prop("KMSKeyId"))
	}
	return nil
}

func nonNil(v any) []any {
	if v == nil {
		return nil
	}
	return []any{v}
}

// functionRole returns the execution role of function fn when it is a role
// of the template.
func functionRole(t *template.Template, fn *template.Resource) *template.Resource {
	id, ok := template.Target(fn.Prop("Role"))
	if !ok {
		return nil
	}
	if r := t.Resource(id); r != nil && r.Type == "AWS::IAM::Role" {
		return r
	}
	return nil
}

// targets returns the logical IDs a list of references points at.
func targets(v any) []string {
	var out []string
	for _, item := range template.List(v) {
		if id, ok := template.Target(item); ok {
			out = append(out, id)
		}
	}
	return out
}

// trailBuckets returns the logical IDs of the buckets trails deliver to.
func trailBuckets(t *template.Template) map[string]bool {
	out := map[string]bool{}
	for _, tr := range t.OfType("AWS::CloudTrail::Trail") {
		if id, ok := template.Target(tr.Prop("S3BucketName")); ok {
			out[id] = true
		}
	}
	return out
}

// bucketPolicies returns the bucket policies that apply to bucket id.
func bucketPolicies(t *template.Template, id string) []template.PolicyRef {
	var out []template.PolicyRef
	for _, p := range t.Policies() {
		if p.Resource.Type != "AWS::S3::BucketPolicy" {
			continue
		}
		if target, ok := template.Target(p.Resource.Prop("Bucket")); ok && target == id {
			out = append(out, p)
		}
	}
	return out
}

// service returns the service prefix of an IAM action (s3 of s3:GetObject).
func service(action string) string {
	s, _, _ := strings.Cut(strings.ToLower(action), ":")
	return s
}

// isAccountPrincipal reports whether an AWS principal is this stack's own
// account: its root ARN or its ID through ${AWS::AccountId}.
func isAccountPrincipal(v any) bool {
	text, ok := template.Text(v)
	if !ok {
		return false
	}
	return text == "${AWS::AccountId}" || strings.HasSuffix(text, ":iam::${AWS::AccountId}:root")
}
