package localdeploy

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	logtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
)

// checkLogGroups checks that every log group is encrypted with the key the
// template names and keeps its events as long as the template says.
func checkLogGroups(ctx context.Context, k *checker) []result {
	var out []result
	for _, r := range k.tmpl.ResourcesOfType("AWS::Logs::LogGroup") {
		name, ok := k.physical(r.LogicalID)
		if !ok {
			continue
		}

		g, err := findLogGroup(ctx, k.c, name)
		if err != nil {
			out = append(out, fail(r.LogicalID, "log group exists", "%v", err))
			continue
		}
		out = append(out, logGroupKey(ctx, k, r, g), logGroupRetention(r, g))
	}
	return out
}

func findLogGroup(ctx context.Context, c *clients, name string) (logtypes.LogGroup, error) {
	out, err := c.logs.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{
		LogGroupNamePrefix: aws.String(name)})
	if err != nil {
		return logtypes.LogGroup{}, fmt.Errorf("describe log group %s: %w", name, err)
	}
	for _, g := range out.LogGroups {
		if aws.ToString(g.LogGroupName) == name {
			return g, nil
		}
	}
	return logtypes.LogGroup{}, fmt.Errorf("describe log group %s: not found", name)
}

func logGroupKey(ctx context.Context, k *checker, r Resource, g logtypes.LogGroup) result {
	const what = "encrypted with its KMS key"
	want, ok := r.Properties["KmsKeyId"]
	if !ok {
		return fail(r.LogicalID, what, "the template sets no KmsKeyId")
	}
	if d := k.sameKey(ctx, want, aws.ToString(g.KmsKeyId)); d != "" {
		return fail(r.LogicalID, what, "%s", d)
	}
	return pass(r.LogicalID, what)
}

func logGroupRetention(r Resource, g logtypes.LogGroup) result {
	want, ok := r.Properties["RetentionInDays"]
	if !ok {
		return fail(r.LogicalID, "retention set", "the template sets no RetentionInDays")
	}

	what := fmt.Sprintf("retention %v days", want)
	if g.RetentionInDays == nil {
		return fail(r.LogicalID, what, "events never expire")
	}
	if got := fmt.Sprint(*g.RetentionInDays); got != fmt.Sprint(want) {
		return fail(r.LogicalID, what, "retention is %s days", got)
	}
	return pass(r.LogicalID, what)
}
