package policies

import (
	"strings"

	"github.com/securepipe/securepipe/policies/template"
)

// Storage: every bucket versioned, private, and reachable only over TLS
// with uploads encrypted under KMS.
func init() {
	register(
		&Rule{
			ID: "S3-001", Title: "Buckets keep every version",
			Severity: Error, SOC2: []string{"A1.2", "CC7.2"}, SecurityHub: []string{"S3.14"},
			Problem: "Without versioning an overwrite or delete destroys the data and the evidence of what it was.",
			Fix:     "Set VersioningConfiguration Status to Enabled.",
			check:   checkVersioning,
		},
		&Rule{
			ID: "S3-002", Title: "Buckets block every kind of public access",
			Severity: Error, SOC2: []string{"CC6.1", "CC6.6"}, SecurityHub: []string{"S3.8"},
			Problem: "Each of the four public access blocks closes a different way to make objects public; one left open is enough.",
			Fix:     "Set BlockPublicAcls, BlockPublicPolicy, IgnorePublicAcls and RestrictPublicBuckets to true.",
			check:   checkPublicAccessBlock,
		},
		&Rule{
			ID: "S3-003", Title: "Bucket policies deny requests without TLS",
			Severity: Error, SOC2: []string{"CC6.7"}, SecurityHub: []string{"S3.5"},
			Problem: "Without the deny, a client may read or write the data over plain HTTP.",
			Fix:     "Add a Deny of s3:* for Principal * on the bucket and its objects when aws:SecureTransport is false.",
			check:   checkTLSOnly,
		},
		&Rule{
			ID: "S3-004", Title: "Bucket policies deny uploads not encrypted with KMS",
			Severity: Error, SOC2: []string{"CC6.1", "C1.1"},
			Problem: "Default encryption applies only when the uploader asks for nothing; an upload may still ask for SSE-S3 or another key.",
			Fix:     "Add a Deny of s3:PutObject for Principal * when s3:x-amz-server-side-encryption is not aws:kms (and, better, when the key ID is not the bucket's key).",
			check:   checkEncryptedUploads,
		},
	)
}

func checkVersioning(j *judge) {
	for _, b := range j.t.OfType("AWS::S3::Bucket") {
		if status, _ := template.Text(b.Prop("VersioningConfiguration", "Status")); status == "Enabled" {
			j.pass(b.ID)
			continue
		}
		j.fail(b.ID, "bucket does not enable versioning")
	}
}

var publicAccessBlocks = []string{"BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"}

func checkPublicAccessBlock(j *judge) {
	for _, b := range j.t.OfType("AWS::S3::Bucket") {
		var off []string
		for _, k := range publicAccessBlocks {
			if !template.IsTrue(b.Prop("PublicAccessBlockConfiguration", k)) {
				off = append(off, k)
			}
		}
		if len(off) > 0 {
			j.fail(b.ID, "bucket does not set %s to true", strings.Join(off, ", "))
			continue
		}
		j.pass(b.ID)
	}
}

func checkTLSOnly(j *judge) {
	for _, b := range j.t.OfType("AWS::S3::Bucket") {
		if bucketDenies(j.t, b.ID, deniesWithoutTLS) {
			j.pass(b.ID)
			continue
		}
		j.fail(b.ID, "no bucket policy denies requests to the bucket and its objects without TLS")
	}
}

func checkEncryptedUploads(j *judge) {
	for _, b := range j.t.OfType("AWS::S3::Bucket") {
		if bucketDenies(j.t, b.ID, deniesUnencryptedUploads) {
			j.pass(b.ID)
			continue
		}
		j.fail(b.ID, "no bucket policy denies uploads that do not ask for SSE-KMS")
	}
}

func bucketDenies(t *template.Template, bucket string, ok func(template.Statement) bool) bool {
	for _, p := range bucketPolicies(t, bucket) {
		for _, s := range p.Policy.Statements {
			if s.Denies() && s.Principal != nil && s.Principal.Anyone && ok(s) {
				return true
			}
		}
	}
	return false
}

func deniesWithoutTLS(s template.Statement) bool {
	if !s.Covers("s3:GetObject") || !s.Covers("s3:PutObject") || !s.Covers("s3:ListBucket") {
		return false
	}
	secure := false
	for _, v := range s.ConditionValues("Bool", "aws:SecureTransport") {
		secure = secure || template.IsFalse(v)
	}
	if !secure {
		return false
	}
	bucket, objects := false, false
	for _, r := range s.Resource {
		text, _ := template.Text(r)
		objects = objects || text == "*" || strings.HasSuffix(text, "/*")
		bucket = bucket || text == "*" || (strings.Contains(text, ":s3:::") && !strings.Contains(text, "/"))
	}
	return bucket && objects
}

func deniesUnencryptedUploads(s template.Statement) bool {
	if !s.Covers("s3:PutObject") {
		return false
	}
	for _, v := range s.ConditionValues("StringNotEquals", "s3:x-amz-server-side-encryption") {
		if text, _ := template.Text(v); text == "aws:kms" || text == "aws:kms:dsse" {
			return true
		}
	}
	return false
}
