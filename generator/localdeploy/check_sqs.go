package localdeploy

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// checkQueues checks that every queue is encrypted with the key the
// template names.
func checkQueues(ctx context.Context, k *checker) []result {
	const what = "encrypted with its KMS key"
	var out []result
	for _, r := range k.tmpl.ResourcesOfType("AWS::SQS::Queue") {
		url, ok := k.physical(r.LogicalID)
		if !ok {
			continue
		}
		want, ok := r.Properties["KmsMasterKeyId"]
		if !ok {
			out = append(out, fail(r.LogicalID, what, "the template sets no KmsMasterKeyId"))
			continue
		}

		got, err := k.c.sqs.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
			QueueUrl:       aws.String(url),
			AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameKmsMasterKeyId},
		})
		if err != nil {
			out = append(out, fail(r.LogicalID, what, "%v", err))
			continue
		}
		key := got.Attributes[string(sqstypes.QueueAttributeNameKmsMasterKeyId)]
		if d := k.sameKey(ctx, want, key); d != "" {
			out = append(out, fail(r.LogicalID, what, "%s", d))
			continue
		}
		out = append(out, pass(r.LogicalID, what))
	}
	return out
}
