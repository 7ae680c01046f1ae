package moto

// This file is the one place where code aimed at moto bends to it. Each
// workaround below says what moto (5.2) does differently from AWS, where in
// moto's source, and what is done about it; each is announced when applied.
// A template under out/ is never changed: rewrites go into a copy that only
// moto sees.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
	"github.com/aws/smithy-go"
)

// Workaround is one difference between moto and AWS that callers bend to.
type Workaround struct {
	// Name is short and stable; it tags the line printed when applied.
	Name string
	// Why says what moto does wrong and where in moto's source.
	Why string
}

var (
	waAccount = Workaround{"account",
		"moto answers as account 123456789012 unless MOTO_ACCOUNT_ID is set " +
			"(moto/core/responses.py:378); the harness starts it as the account " +
			"the secret ARN names"}
	waSecretSuffix = Workaround{"secret-suffix",
		"moto gives a new secret a random 6-character ARN suffix unless the " +
			"create call carries a _custom_id_ tag (moto/secretsmanager/utils.py:113, " +
			"moto/utilities/id_generator.py:15); the harness creates the secret with " +
			"that tag, then removes the tag"}
	waKeyARN = Workaround{"key-arn",
		"moto gives a new KMS key a random UUID and offers no way to choose it " +
			"(moto/kms/utils.py:124); the copy names the key the harness created"}
	waKeyTags = Workaround{"kms-key-tags",
		"moto hands a key's CloudFormation Tags (Key/Value) to a tagger that reads " +
			"TagKey/TagValue and fails the stack with KeyError 'TagKey' " +
			"(moto/kms/models.py:326, moto/kms/models.py:358, " +
			"moto/utilities/tagging_service.py:59); the copy spells the tags TagKey/TagValue"}
	waKeyPolicy = Workaround{"kms-key-policy",
		"moto stores a CloudFormation KeyPolicy object as is, then json.loads it on " +
			"every DescribeKey and answers HTTP 500 (moto/kms/models.py:322, " +
			"moto/kms/policy_validator.py:22); the copy wraps the policy in Fn::ToJsonString"}
	waLogGroupKey = Workaround{"log-group-kms-key",
		"moto's log group reads its key from a property named kmsKeyId, the API's " +
			"spelling, so CloudFormation's KmsKeyId is dropped (moto/logs/models.py:408, " +
			"moto/logs/models.py:432); the copy spells it kmsKeyId"}
	waTemplateURL = Workaround{"template-url-host",
		"when a template goes through --s3-bucket, moto reads the TemplateURL as " +
			"path-style only if its host contains \"localhost\" (moto/cloudformation/utils.py:122), " +
			"and the AWS CLI's deploy builds its S3 client without --endpoint-url " +
			"(awscli/customizations/cloudformation/deploy.py:304); the CLI gets " +
			"AWS_ENDPOINT_URL_S3 set to the same server addressed as localhost"}
	waUndeletable = Workaround{"ec2-delete",
		"moto's CloudFormation cannot delete route tables, subnet route table " +
			"associations, VPC endpoints or flow logs: their models have no delete " +
			"(moto/cloudformation/parsing.py:431, moto/ec2/models/route_tables.py:35, " +
			"moto/ec2/models/subnets.py:437, moto/ec2/models/vpcs.py:328, " +
			"moto/ec2/models/flow_logs.py:21), so the VPC cannot go " +
			"(moto/ec2/models/vpcs.py:862); the harness deletes them through the EC2 API " +
			"before deleting the stack"}
	waOutputs = Workaround{"stack-outputs",
		"a stack made by a CREATE change set, as aws cloudformation deploy makes it, starts " +
			"from an empty template, and executing the change set never rebuilds its outputs " +
			"(moto/cloudformation/models.py:1058, moto/cloudformation/models.py:1162), so it " +
			"reports none; the outputs are worked out from the template and the stack's resources"}
	waReviewStack = Workaround{"review-stack",
		"where CloudFormation creates a stack that only holds an unexecuted change set " +
			"(REVIEW_IN_PROGRESS) when the next CREATE change set comes, moto makes a second " +
			"stack of the same name (moto/cloudformation/models.py:1056) and answers for the " +
			"first (moto/cloudformation/models.py:1168), so the CLI waits on it for ever; the " +
			"review-only stack is deleted before the next deploy"}
	waBucketVersioning = Workaround{"bucket-versioning",
		"a CloudFormation bucket gets only BucketEncryption and Tags; its VersioningConfiguration " +
			"is ignored (moto/s3/models.py:1551); versioning is turned on through the S3 API once " +
			"the stack exists, as the template asks"}
	waRotationStaging = Workaround{"rotation-staging",
		"moto cannot run a rotation function (see the rotation gap), and RotateSecret stages a new, " +
			"empty AWSPENDING version and turns rotation on before it looks the function up " +
			"(moto/secretsmanager/models.py:893, moto/secretsmanager/models.py:933); so the rotation is " +
			"started with a function moto cannot find, which leaves the secret as Secrets Manager " +
			"leaves it before invoking a rotator, and the rotator's handler runs each step in-process"}
	waBucketPolicy = Workaround{"bucket-policy",
		"moto's CloudFormation has no AWS::S3::BucketPolicy: it skips the resource and " +
			"reports it created (moto/cloudformation/parsing.py:278); and moto denies a request " +
			"whenever a policy statement's condition cannot be checked, Allow or Deny alike " +
			"(moto/iam/access_control.py:493), which over its plain HTTP is every TLS deny. " +
			"So only the statements meant to deny moto's requests, the MFA guards, are put " +
			"through the S3 API once the stack exists"}
)

// AnnounceOutputs prints the stack-outputs workaround.
func AnnounceOutputs(w io.Writer, stack string) {
	Announce(w, waOutputs, "outputs of "+stack+" worked out from its template")
}

// AnnounceReviewStack prints the review-stack workaround.
func AnnounceReviewStack(w io.Writer, stack string) {
	Announce(w, waReviewStack, "deleted "+stack+", which held only a plan's change set")
}

// AnnounceBucketVersioning prints the bucket-versioning workaround.
func AnnounceBucketVersioning(w io.Writer, buckets []string) {
	Announce(w, waBucketVersioning, "versioning turned on for "+strings.Join(buckets, ", "))
}

// AnnounceRotationStaging prints the rotation-staging workaround.
func AnnounceRotationStaging(w io.Writer, token string) {
	Announce(w, waRotationStaging, "rotation staged as version "+token)
}

// AnnounceBucketPolicies prints the bucket-policy workaround.
func AnnounceBucketPolicies(w io.Writer, buckets []string) {
	Announce(w, waBucketPolicy, "the MFA guard statements put on "+strings.Join(buckets, ", "))
}

// Workarounds lists every moto workaround known, in the order a deploy
// meets them.
func Workarounds() []Workaround {
	return []Workaround{waAccount, waSecretSuffix, waKeyARN, waKeyTags, waKeyPolicy,
		waLogGroupKey, waTemplateURL, waReviewStack, waOutputs, waBucketVersioning, waBucketPolicy, waRotationStaging, waUndeletable}
}

// Announce prints that a workaround was applied and why it was needed.
func Announce(w io.Writer, wa Workaround, what string) {
	fmt.Fprintf(w, "   moto workaround [%s]: %s\n", wa.Name, what)
	fmt.Fprintf(w, "     why: %s\n", wa.Why)
}

// ServerEnv is the environment moto_server runs in: the parent's minus
// anything AWS, answering as the given account.
func ServerEnv(w io.Writer, parent []string, account string) []string {
	Announce(w, waAccount, "moto_server runs with MOTO_ACCOUNT_ID="+account)
	return append(WithoutAWS(parent), "MOTO_ACCOUNT_ID="+account)
}

// SecretSuffixTags makes moto give a new secret the ARN suffix the template
// names.
func SecretSuffixTags(suffix string) []smtypes.Tag {
	return []smtypes.Tag{{Key: aws.String(SecretSuffixTagKey), Value: aws.String(suffix)}}
}

// SecretSuffixTagKey is removed once the secret exists, so it looks as the
// real one does.
const SecretSuffixTagKey = "_custom_id_"

// AnnounceSecretSuffix prints the secret-suffix workaround.
func AnnounceSecretSuffix(w io.Writer, arn string) {
	Announce(w, waSecretSuffix, "secret created at the template's ARN "+arn)
}

// RewriteTemplate changes a decoded copy of a template so that moto deploys
// it as AWS would deploy the original. keyFrom is the KMS key ARN the
// template names, keyTo the ARN of the key created in its place; they may
// be empty.
func RewriteTemplate(w io.Writer, doc map[string]any, keyFrom, keyTo string) {
	if keyFrom != keyTo {
		_, n := replaceStrings(doc, func(s string) string {
			return strings.ReplaceAll(s, keyFrom, keyTo)
		})
		if n > 0 {
			Announce(w, waKeyARN, fmt.Sprintf("%d string(s) naming %s now name %s",
				n, keyFrom, keyTo))
		}
	}

	var tagged, policies []string
	for _, r := range resourcesOfType(doc, "AWS::KMS::Key") {
		if respellTags(r.props) {
			tagged = append(tagged, r.id)
		}
		if p, ok := r.props["KeyPolicy"].(map[string]any); ok {
			r.props["KeyPolicy"] = map[string]any{"Fn::ToJsonString": p}
			policies = append(policies, r.id)
		}
	}
	if len(tagged) > 0 {
		Announce(w, waKeyTags, "Tags respelled on "+strings.Join(tagged, ", "))
	}
	if len(policies) > 0 {
		Announce(w, waKeyPolicy, "KeyPolicy wrapped on "+strings.Join(policies, ", "))
	}

	var groups []string
	for _, r := range resourcesOfType(doc, "AWS::Logs::LogGroup") {
		if v, ok := r.props["KmsKeyId"]; ok {
			delete(r.props, "KmsKeyId")
			r.props["kmsKeyId"] = v
			groups = append(groups, r.id)
		}
	}
	if len(groups) > 0 {
		Announce(w, waLogGroupKey, "KmsKeyId respelled on "+strings.Join(groups, ", "))
	}
}

// respellTags turns CloudFormation's Key/Value tags into KMS's TagKey/TagValue.
func respellTags(props map[string]any) bool {
	tags, ok := props["Tags"].([]any)
	if !ok || len(tags) == 0 {
		return false
	}

	out := make([]any, 0, len(tags))
	for _, tag := range tags {
		m, ok := tag.(map[string]any)
		if !ok {
			return false
		}
		out = append(out, map[string]any{"TagKey": m["Key"], "TagValue": m["Value"]})
	}
	props["Tags"] = out
	return true
}

// TemplateURLEnv points the CLI's S3 client at the server by the name
// "localhost", for a deploy that goes through --s3-bucket.
func TemplateURLEnv(w io.Writer, env []string, endpoint string) ([]string, error) {
	u, err := url.Parse(endpoint)
	if err != nil {
		return nil, fmt.Errorf("parse endpoint %q: %w", endpoint, err)
	}
	if u.Hostname() != "127.0.0.1" {
		return env, nil
	}

	u.Host = "localhost:" + u.Port()
	Announce(w, waTemplateURL, "AWS_ENDPOINT_URL_S3="+u.String())
	return append(env, "AWS_ENDPOINT_URL_S3="+u.String()), nil
}

// undeletableTypes are the types moto's CloudFormation leaves behind, in
// the order they can go: endpoints hold route tables.
var undeletableTypes = []string{"AWS::EC2::VPCEndpoint", "AWS::EC2::FlowLog", "AWS::EC2::RouteTable"}

// StackResource is one resource CloudFormation reports for a stack.
type StackResource struct {
	LogicalID  string
	Type       string
	PhysicalID string
}

// DeleteUndeletable removes, through the EC2 API, the stack's resources
// that moto's CloudFormation would leave behind and that keep the VPC alive.
func DeleteUndeletable(ctx context.Context, w io.Writer, c *ec2.Client, res []StackResource) error {
	var done []string
	for _, typ := range undeletableTypes {
		for _, r := range res {
			if r.Type != typ {
				continue
			}
			if err := deleteEC2Resource(ctx, c, r); err != nil {
				return fmt.Errorf("delete %s %s: %w", r.LogicalID, r.PhysicalID, err)
			}
			done = append(done, r.LogicalID)
		}
	}

	if len(done) > 0 {
		Announce(w, waUndeletable, "deleted "+strings.Join(done, ", ")+
			" (with their subnet associations)")
	}
	return nil
}

// goneAlready are the EC2 error codes of a delete that finds its resource
// gone: its work is done. The SDK retries a delete whose answer a loaded
// server was slow to send, and the retry meets the first attempt's result.
var goneAlready = map[string]bool{
	"InvalidRouteTableID.NotFound": true, "InvalidVpcEndpointId.NotFound": true, "InvalidFlowLogId.NotFound": true,
}

func deleteEC2Resource(ctx context.Context, c *ec2.Client, r StackResource) error {
	err := deleteEC2(ctx, c, r)
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) && goneAlready[apiErr.ErrorCode()] {
		return nil
	}
	return err
}

func deleteEC2(ctx context.Context, c *ec2.Client, r StackResource) error {
	var err error
	switch r.Type {
	case "AWS::EC2::VPCEndpoint":
		_, err = c.DeleteVpcEndpoints(ctx, &ec2.DeleteVpcEndpointsInput{
			VpcEndpointIds: []string{r.PhysicalID}})
	case "AWS::EC2::FlowLog":
		_, err = c.DeleteFlowLogs(ctx, &ec2.DeleteFlowLogsInput{
			FlowLogIds: []string{r.PhysicalID}})
	case "AWS::EC2::RouteTable":
		err = deleteRouteTable(ctx, c, r.PhysicalID)
	}
	return err
}

// deleteRouteTable drops a route table's subnet associations, then the table.
func deleteRouteTable(ctx context.Context, c *ec2.Client, id string) error {
	out, err := c.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{
		RouteTableIds: []string{id}})
	if err != nil {
		return fmt.Errorf("describe route table: %w", err)
	}

	for _, rt := range out.RouteTables {
		for _, a := range rt.Associations {
			if aws.ToBool(a.Main) {
				continue
			}
			if _, err := c.DisassociateRouteTable(ctx, &ec2.DisassociateRouteTableInput{
				AssociationId: a.RouteTableAssociationId}); err != nil {
				return fmt.Errorf("disassociate route table: %w", err)
			}
		}
	}

	if _, err := c.DeleteRouteTable(ctx, &ec2.DeleteRouteTableInput{
		RouteTableId: aws.String(id)}); err != nil {
		return fmt.Errorf("delete route table: %w", err)
	}
	return nil
}

// resource is one entry of a decoded template's Resources section.
type resource struct {
	id    string
	props map[string]any
}

// resourcesOfType returns the resources of one type, sorted by logical ID.
func resourcesOfType(doc map[string]any, typ string) []resource {
	all, _ := doc["Resources"].(map[string]any)
	var out []resource
	for id, body := range all {
		b, _ := body.(map[string]any)
		if t, _ := b["Type"].(string); t != typ {
			continue
		}
		props, ok := b["Properties"].(map[string]any)
		if !ok {
			props = map[string]any{}
			b["Properties"] = props
		}
		out = append(out, resource{id: id, props: props})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

// replaceStrings returns v with fn applied to every string, map keys
// excluded, and how many strings fn changed.
func replaceStrings(v any, fn func(string) string) (any, int) {
	switch v := v.(type) {
	case string:
		out := fn(v)
		if out != v {
			return out, 1
		}
		return v, 0
	case map[string]any:
		n := 0
		for k, e := range v {
			var c int
			v[k], c = replaceStrings(e, fn)
			n += c
		}
		return v, n
	case []any:
		n := 0
		for i, e := range v {
			var c int
			v[i], c = replaceStrings(e, fn)
			n += c
		}
		return v, n
	default:
		return v, 0
	}
}

// Gaps are what moto cannot do at all, named where a run meets them.
const (
	// GapRotation is why a rotation on moto proves nothing of the rotator.
	GapRotation = "moto cannot run a rotation function: it invokes functions in docker and, without a " +
		"docker daemon, answers each step with \"error running docker\" (moto/awslambda/models.py:1105); " +
		"rotate-secret ignores the failed steps and moves AWSCURRENT to a new, empty version " +
		"(moto/secretsmanager/models.py:943, moto/secretsmanager/models.py:959). So the deployed " +
		"function, its role, its network path and Secrets Manager's schedule and invocation are not " +
		"exercised; the rotator's code is, in-process"
	// GapKeyDeletion is why keys cannot be seen pending deletion on moto.
	GapKeyDeletion = "moto's CloudFormation deletes a key at once (moto/kms/models.py:297), where AWS " +
		"schedules its deletion for the key's PendingWindowInDays"
	// GapMFADelete is why MFA delete cannot be proven on moto.
	GapMFADelete = "moto accepts MFADelete=Enabled without checking the MFA code, then reports only " +
		"versioning's Status (moto/s3/responses.py:1431), and has no root user or MFA device: turning " +
		"MFA delete on, and deleting versions under it, are proven only against AWS"
)
