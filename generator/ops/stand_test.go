package ops

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/securepipe/securepipe/generator/moto"
	"github.com/securepipe/securepipe/generator/stack"
)

// motoStand bends a run to moto with the workarounds of package moto.
type motoStand struct {
	c        *clients
	endpoint string
	account  string
	// keyFrom is the secret's key ARN the templates name, keyTo the key
	// made in its place.
	keyFrom, keyTo string
}

func (m *motoStand) Template(w io.Writer, doc map[string]any) {
	moto.RewriteTemplate(w, doc, m.keyFrom, m.keyTo)
}

func (m *motoStand) Environ(w io.Writer, env []string) ([]string, error) {
	return moto.TemplateURLEnv(w, env, m.endpoint)
}

// Deployed puts the MFA guards of the bucket policies the template
// declares, which moto's CloudFormation skips.
func (m *motoStand) Deployed(ctx context.Context, w io.Writer, name string, doc map[string]any) error {
	res, err := m.c.stackResources(ctx, name)
	if err != nil {
		return err
	}
	physical := map[string]string{}
	for _, r := range res {
		physical[r.LogicalID] = r.PhysicalID
	}
	resources, _ := doc["Resources"].(map[string]any)
	if err := m.versioning(ctx, w, resources, physical); err != nil {
		return err
	}
	var put []string
	for _, id := range sortedKeys(resources) {
		r := resources[id].(map[string]any)
		if r["Type"] != "AWS::S3::BucketPolicy" {
			continue
		}
		props := r["Properties"].(map[string]any)
		bucket := physical[props["Bucket"].(map[string]any)["Ref"].(string)]
		doc := props["PolicyDocument"].(map[string]any)
		var guards []any
		for _, st := range doc["Statement"].([]any) {
			if st.(map[string]any)["Sid"] == stack.VersionGuardSid {
				guards = append(guards, st)
			}
		}
		if len(guards) == 0 {
			continue
		}
		policy, err := json.Marshal(m.resolve(map[string]any{"Version": doc["Version"], "Statement": guards}, physical))
		if err != nil {
			return fmt.Errorf("encode policy of %s: %w", bucket, err)
		}
		if _, err := m.c.s3.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{
			Bucket: aws.String(bucket), Policy: aws.String(string(policy))}); err != nil {
			return fmt.Errorf("put policy of %s: %w", bucket, err)
		}
		put = append(put, bucket)
	}
	if len(put) > 0 {
		moto.AnnounceBucketPolicies(w, put)
	}
	return nil
}

// versioning turns versioning on for the buckets that ask for it, which
// moto's CloudFormation ignores.
func (m *motoStand) versioning(ctx context.Context, w io.Writer, resources map[string]any, physical map[string]string) error {
	var on []string
	for _, id := range sortedKeys(resources) {
		r := resources[id].(map[string]any)
		props, _ := r["Properties"].(map[string]any)
		v, _ := props["VersioningConfiguration"].(map[string]any)
		if r["Type"] != "AWS::S3::Bucket" || v["Status"] != "Enabled" {
			continue
		}
		if _, err := m.c.s3.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: aws.String(physical[id]),
			VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusEnabled}}); err != nil {
			return fmt.Errorf("turn versioning on for %s: %w", physical[id], err)
		}
		on = append(on, physical[id])
	}
	if len(on) > 0 {
		moto.AnnounceBucketVersioning(w, on)
	}
	return nil
}

// Deploying deletes a stack that holds only a plan's change set, which
// moto would duplicate rather than reuse.
func (m *motoStand) Deploying(ctx context.Context, w io.Writer, name string) error {
	out, err := m.c.cfn.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String(name)})
	if err != nil || len(out.Stacks) == 0 || out.Stacks[0].StackStatus != cfntypes.StackStatusReviewInProgress {
		return nil // no stack yet, or one moto updates in place
	}
	if _, err := m.c.cfn.DeleteStack(ctx, &cloudformation.DeleteStackInput{StackName: out.Stacks[0].StackId}); err != nil {
		return fmt.Errorf("delete review-only stack %s: %w", name, err)
	}
	moto.AnnounceReviewStack(w, name)
	return nil
}

// Outputs works the outputs out from the template and the stack's
// resources, which moto's change sets leave without outputs.
func (m *motoStand) Outputs(ctx context.Context, w io.Writer, stack string, doc map[string]any) (map[string]string, error) {
	res, err := m.c.stackResources(ctx, stack)
	if err != nil {
		return nil, err
	}
	physical := map[string]string{}
	for _, r := range res {
		physical[r.LogicalID] = r.PhysicalID
	}
	outputs, _ := doc["Outputs"].(map[string]any)
	out := map[string]string{}
	for _, k := range sortedKeys(outputs) {
		v, _ := m.resolve(outputs[k].(map[string]any)["Value"], physical).(string)
		out[k] = v
	}
	moto.AnnounceOutputs(w, stack)
	return out, nil
}

// resolve evaluates the intrinsic functions bucket policies use.
func (m *motoStand) resolve(v any, physical map[string]string) any {
	switch v := v.(type) {
	case map[string]any:
		if s, ok := v["Fn::Sub"].(string); ok {
			r := strings.NewReplacer("${AWS::Partition}", "aws", "${AWS::AccountId}", m.account,
				"${AWS::Region}", moto.Region)
			return r.Replace(s)
		}
		if ga, ok := v["Fn::GetAtt"].([]any); ok && len(ga) == 2 && ga[1] == "Arn" {
			return "arn:aws:kms:" + moto.Region + ":" + m.account + ":key/" + physical[ga[0].(string)]
		}
		if ref, ok := v["Ref"].(string); ok {
			return physical[ref]
		}
		out := map[string]any{}
		for k, e := range v {
			out[k] = m.resolve(e, physical)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = m.resolve(e, physical)
		}
		return out
	}
	return v
}

func (m *motoStand) Deleting(ctx context.Context, w io.Writer, resources []Resource) error {
	res := make([]moto.StackResource, len(resources))
	for i, r := range resources {
		res[i] = moto.StackResource(r)
	}
	return moto.DeleteUndeletable(ctx, w, m.c.ec2, res)
}

func sortedKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
