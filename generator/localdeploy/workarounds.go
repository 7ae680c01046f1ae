package localdeploy

// This file is the one place where the harness bends to moto. Each
// workaround below says what moto (5.2) does differently from AWS, where in
// moto's source, and what the harness does about it; each is announced on
// stdout when a run applies it. The template under out/ is never changed:
// template rewrites go into a copy that only moto sees.
//
// Where moto cannot answer a check at all, the check is reported as
// "skipped (moto: ...)" with one of the gaps listed at the end of the file.

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
)

// workaround is one difference between moto and AWS that the harness bends to.
type workaround struct {
	// Name is short and stable; it tags the line printed when applied.
	Name string
	// Why says what moto does wrong and where in moto's source.
	Why string
}

var (
	waAccount = workaround{"account",
		"moto answers as account 123456789012 unless MOTO_ACCOUNT_ID is set " +
			"(moto/core/responses.py:378); the harness starts it as the account " +
			"the secret ARN names"}
	waSecretSuffix = workaround{"secret-suffix",
		"moto gives a new secret a random 6-character ARN suffix unless the " +
			"create call carries a _custom_id_ tag (moto/secretsmanager/utils.py:113, " +
			"moto/utilities/id_generator.py:15); the harness creates the secret with " +
			"that tag, then removes the tag"}
	waKeyARN = workaround{"key-arn",
		"moto gives a new KMS key a random UUID and offers no way to choose it " +
			"(moto/kms/utils.py:124); the copy names the key the harness created"}
	waKeyTags = workaround{"kms-key-tags",
		"moto hands a key's CloudFormation Tags (Key/Value) to a tagger that reads " +
			"TagKey/TagValue and fails the stack with KeyError 'TagKey' " +
			"(moto/kms/models.py:326, moto/kms/models.py:358, " +
			"moto/utilities/tagging_service.py:59); the copy spells the tags TagKey/TagValue"}
	waKeyPolicy = workaround{"kms-key-policy",
		"moto stores a CloudFormation KeyPolicy object as is, then json.loads it on " +
			"every DescribeKey and answers HTTP 500 (moto/kms/models.py:322, " +
			"moto/kms/policy_validator.py:22); the copy wraps the policy in Fn::ToJsonString"}
	waLogGroupKey = workaround{"log-group-kms-key",
		"moto's log group reads its key from a property named kmsKeyId, the API's " +
			"spelling, so CloudFormation's KmsKeyId is dropped (moto/logs/models.py:408, " +
			"moto/logs/models.py:432); the copy spells it kmsKeyId"}
	waTemplateURL = workaround{"template-url-host",
		"when a template goes through --s3-bucket, moto reads the TemplateURL as " +
			"path-style only if its host contains \"localhost\" (moto/cloudformation/utils.py:122), " +
			"and the AWS CLI's deploy builds its S3 client without --endpoint-url " +
			"(awscli/customizations/cloudformation/deploy.py:304); the CLI gets " +
			"AWS_ENDPOINT_URL_S3 set to the same server addressed as localhost"}
	waUndeletable = workaround{"ec2-delete",
		"moto's CloudFormation cannot delete route tables, subnet route table " +
			"associations, VPC endpoints or flow logs: their models have no delete " +
			"(moto/cloudformation/parsing.py:431, moto/ec2/models/route_tables.py:35, " +
			"moto/ec2/models/subnets.py:437, moto/ec2/models/vpcs.py:328, " +
			"moto/ec2/models/flow_logs.py:21), so the VPC cannot go " +
			"(moto/ec2/models/vpcs.py:862); the harness deletes them through the EC2 API " +
			"before deleting the stack"}
)

// Workarounds lists every moto workaround the harness knows, in the order a
// run meets them.
func Workarounds() []workaround {
	return []workaround{waAccount, waSecretSuffix, waKeyARN, waKeyTags, waKeyPolicy,
		waLogGroupKey, waTemplateURL, waUndeletable}
}

// announce prints that a workaround was applied and why it was needed.
func announce(w io.Writer, wa workaround, what string) {
	fmt.Fprintf(w, "   moto workaround [%s]: %s\n", wa.Name, what)
	fmt.Fprintf(w, "     why: %s\n", wa.Why)
}

// motoServerEnv is the environment moto_server runs in: the parent's minus
// anything AWS, answering as the given account.
func motoServerEnv(w io.Writer, parent []string, account string) []string {
	announce(w, waAccount, "moto_server runs with MOTO_ACCOUNT_ID="+account)
	return append(withoutAWS(parent), "MOTO_ACCOUNT_ID="+account)
}

// secretSuffixTags makes moto give a new secret the ARN suffix the template
// names.
func secretSuffixTags(suffix string) []smtypes.Tag {
	return []smtypes.Tag{{Key: aws.String("_custom_id_"), Value: aws.String(suffix)}}
}

// secretSuffixTagKey is removed once the secret exists, so it looks as the
// real one does.
const secretSuffixTagKey = "_custom_id_"

// announceSecretSuffix prints the secret-suffix workaround.
func announceSecretSuffix(w io.Writer, arn string) {
	announce(w, waSecretSuffix, "secret created at the template's ARN "+arn)
}

// rewriteForMoto changes a copy of the template so that moto deploys it as
// AWS would deploy the original. keyFrom is the KMS key ARN the template
// names, keyTo the ARN of the key the harness created in its place.
func rewriteForMoto(w io.Writer, t *Template, keyFrom, keyTo string) {
	if keyFrom != keyTo {
		var n int
		t.doc, n = replaceMapStrings(t.doc, func(s string) string {
			return strings.ReplaceAll(s, keyFrom, keyTo)
		})
		if n > 0 {
			announce(w, waKeyARN, fmt.Sprintf("%d string(s) naming %s now name %s",
				n, keyFrom, keyTo))
		}
	}

	var tagged, policies []string
	for _, r := range t.ResourcesOfType("AWS::KMS::Key") {
		if respellTags(r.Properties) {
			tagged = append(tagged, r.LogicalID)
		}
		if p, ok := r.Properties["KeyPolicy"].(map[string]any); ok {
			r.Properties["KeyPolicy"] = map[string]any{"Fn::ToJsonString": p}
			policies = append(policies, r.LogicalID)
		}
	}
	if len(tagged) > 0 {
		announce(w, waKeyTags, "Tags respelled on "+strings.Join(tagged, ", "))
	}
	if len(policies) > 0 {
		announce(w, waKeyPolicy, "KeyPolicy wrapped on "+strings.Join(policies, ", "))
	}

	var groups []string
	for _, r := range t.ResourcesOfType("AWS::Logs::LogGroup") {
		if v, ok := r.Properties["KmsKeyId"]; ok {
			delete(r.Properties, "KmsKeyId")
			r.Properties["kmsKeyId"] = v
			groups = append(groups, r.LogicalID)
		}
	}
	if len(groups) > 0 {
		announce(w, waLogGroupKey, "KmsKeyId respelled on "+strings.Join(groups, ", "))
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

func replaceMapStrings(m map[string]any, fn func(string) string) (map[string]any, int) {
	v, n := replaceStrings(m, fn)
	return v.(map[string]any), n
}

// templateURLEnv points the CLI's S3 client at the server by the name
// "localhost", for a deploy that goes through --s3-bucket.
func templateURLEnv(w io.Writer, env []string, endpoint string) ([]string, error) {
	u, err := url.Parse(endpoint)
	if err != nil {
		return nil, fmt.Errorf("parse endpoint %q: %w", endpoint, err)
	}
	if u.Hostname() != "127.0.0.1" {
		return env, nil
	}

	u.Host = "localhost:" + u.Port()
	announce(w, waTemplateURL, "AWS_ENDPOINT_URL_S3="+u.String())
	return append(env, "AWS_ENDPOINT_URL_S3="+u.String()), nil
}

// undeletableTypes are the types moto's CloudFormation leaves behind, in
// the order they can go: endpoints hold route tables.
var undeletableTypes = []string{"AWS::EC2::VPCEndpoint", "AWS::EC2::FlowLog", "AWS::EC2::RouteTable"}

// deleteWhatMotoCannot removes, through the EC2 API, the stack's resources
// that moto's CloudFormation would leave behind and that keep the VPC alive.
func deleteWhatMotoCannot(ctx context.Context, w io.Writer, c *clients, res []stackResource) error {
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
		announce(w, waUndeletable, "deleted "+strings.Join(done, ", ")+
			" (with their subnet associations)")
	}
	return nil
}

func deleteEC2Resource(ctx context.Context, c *clients, r stackResource) error {
	var err error
	switch r.Type {
	case "AWS::EC2::VPCEndpoint":
		_, err = c.ec2.DeleteVpcEndpoints(ctx, &ec2.DeleteVpcEndpointsInput{
			VpcEndpointIds: []string{r.PhysicalID}})
	case "AWS::EC2::FlowLog":
		_, err = c.ec2.DeleteFlowLogs(ctx, &ec2.DeleteFlowLogsInput{
			FlowLogIds: []string{r.PhysicalID}})
	case "AWS::EC2::RouteTable":
		err = deleteRouteTable(ctx, c, r.PhysicalID)
	}
	return err
}

// deleteRouteTable drops a route table's subnet associations, then the table.
func deleteRouteTable(ctx context.Context, c *clients, id string) error {
	out, err := c.ec2.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{
		RouteTableIds: []string{id}})
	if err != nil {
		return fmt.Errorf("describe route table: %w", err)
	}

	for _, rt := range out.RouteTables {
		for _, a := range rt.Associations {
			if aws.ToBool(a.Main) {
				continue
			}
			if _, err := c.ec2.DisassociateRouteTable(ctx, &ec2.DisassociateRouteTableInput{
				AssociationId: a.RouteTableAssociationId}); err != nil {
				return fmt.Errorf("disassociate route table: %w", err)
			}
		}
	}

	if _, err := c.ec2.DeleteRouteTable(ctx, &ec2.DeleteRouteTableInput{
		RouteTableId: aws.String(id)}); err != nil {
		return fmt.Errorf("delete route table: %w", err)
	}
	return nil
}

// gap is something moto does not model, so a check cannot be answered.
type gap string

const (
	gapRotationPeriod gap = "GetKeyRotationStatus has no RotationPeriodInDays and " +
		"the CloudFormation key ignores it (moto/kms/responses.py:388, moto/kms/models.py:328)"
	gapBucketVersioning gap = "a CloudFormation bucket gets only BucketEncryption " +
		"and Tags; VersioningConfiguration is ignored (moto/s3/models.py:1551)"
	gapPublicAccessBlock gap = "a CloudFormation bucket gets only BucketEncryption " +
		"and Tags; PublicAccessBlockConfiguration is ignored (moto/s3/models.py:1551)"
	gapLambdaProperties gap = "a CloudFormation function copies only Code, Handler, " +
		"Role, Runtime and a short list of optional properties (moto/awslambda/models.py:1168)"
	gapUnsupportedType gap = "no CloudFormation support for this type; moto skips " +
		"the resource and reports it created (moto/cloudformation/parsing.py:278)"
)
