package localdeploy

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"
)

// checkBuckets checks that every bucket is encrypted with the key the
// template names, versioned, and closed to the public.
func checkBuckets(ctx context.Context, k *checker) []result {
	var out []result
	for _, r := range k.tmpl.ResourcesOfType("AWS::S3::Bucket") {
		name, ok := k.physical(r.LogicalID)
		if !ok {
			continue
		}
		out = append(out,
			bucketEncryption(ctx, k, r, name),
			bucketVersioning(ctx, k, r, name),
			bucketPublicAccess(ctx, k, r, name))
	}
	return out
}

func bucketEncryption(ctx context.Context, k *checker, r Resource, name string) result {
	const what = "encrypted with its KMS key"
	want, ok := dig(r.Properties, "BucketEncryption", "ServerSideEncryptionConfiguration", 0,
		"ServerSideEncryptionByDefault").(map[string]any)
	if !ok || want["KMSMasterKeyID"] == nil {
		return fail(r.LogicalID, what, "the template sets no SSE-KMS key")
	}

	got, err := k.c.s3.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: aws.String(name)})
	if err != nil {
		return fail(r.LogicalID, what, "%v", err)
	}
	rules := got.ServerSideEncryptionConfiguration.Rules
	if len(rules) == 0 || rules[0].ApplyServerSideEncryptionByDefault == nil {
		return fail(r.LogicalID, what, "no default encryption")
	}
	def := rules[0].ApplyServerSideEncryptionByDefault
	if string(def.SSEAlgorithm) != want["SSEAlgorithm"] {
		return fail(r.LogicalID, what, "algorithm is %s, want %v", def.SSEAlgorithm, want["SSEAlgorithm"])
	}
	if d := k.sameKey(ctx, want["KMSMasterKeyID"], aws.ToString(def.KMSMasterKeyID)); d != "" {
		return fail(r.LogicalID, what, "%s", d)
	}
	return pass(r.LogicalID, what)
}

func bucketVersioning(ctx context.Context, k *checker, r Resource, name string) result {
	const what = "versioning enabled"
	if dig(r.Properties, "VersioningConfiguration", "Status") != "Enabled" {
		return fail(r.LogicalID, what, "the template does not enable versioning")
	}

	got, err := k.c.s3.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: aws.String(name)})
	switch {
	case err != nil:
		return fail(r.LogicalID, what, "%v", err)
	case got.Status == "Enabled":
		return pass(r.LogicalID, what)
	case got.Status == "":
		return skip(r.LogicalID, what, gapBucketVersioning)
	}
	return fail(r.LogicalID, what, "versioning is %s", got.Status)
}

func bucketPublicAccess(ctx context.Context, k *checker, r Resource, name string) result {
	const what = "public access blocked"
	want, _ := r.Properties["PublicAccessBlockConfiguration"].(map[string]any)
	flags := []string{"BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"}
	for _, f := range flags {
		if want[f] != true {
			return fail(r.LogicalID, what, "the template does not set %s: true", f)
		}
	}

	got, err := k.c.s3.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: aws.String(name)})
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) && apiErr.ErrorCode() == "NoSuchPublicAccessBlockConfiguration" {
		return skip(r.LogicalID, what, gapPublicAccessBlock)
	}
	if err != nil {
		return fail(r.LogicalID, what, "%v", err)
	}
	c := got.PublicAccessBlockConfiguration
	if !aws.ToBool(c.BlockPublicAcls) || !aws.ToBool(c.BlockPublicPolicy) ||
		!aws.ToBool(c.IgnorePublicAcls) || !aws.ToBool(c.RestrictPublicBuckets) {
		return fail(r.LogicalID, what, "not every public access flag is on")
	}
	return pass(r.LogicalID, what)
}

// dig walks nested maps and lists by key or index; nil when a step is missing.
func dig(v any, path ...any) any {
	for _, p := range path {
		switch p := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[p]
		case int:
			l, ok := v.([]any)
			if !ok || p >= len(l) {
				return nil
			}
			v = l[p]
		}
	}
	return v
}
