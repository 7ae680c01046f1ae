package ops

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/securepipe/securepipe/generator/moto"
)

// clients check state through the API of the local endpoint, with dummy
// credentials and no shared configuration.
type clients struct {
	cfn     *cloudformation.Client
	ec2     *ec2.Client
	kms     *kms.Client
	lambda  *lambda.Client
	s3      *s3.Client
	secrets *secretsmanager.Client
}

func newClients(endpoint string) *clients {
	cfg := aws.Config{
		Region:       moto.Region,
		Credentials:  credentials.NewStaticCredentialsProvider(moto.AccessKeyID, moto.SecretAccessKey, ""),
		BaseEndpoint: aws.String(endpoint),
	}
	return &clients{
		cfn:     cloudformation.NewFromConfig(cfg),
		ec2:     ec2.NewFromConfig(cfg),
		kms:     kms.NewFromConfig(cfg),
		lambda:  lambda.NewFromConfig(cfg),
		s3:      s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true }),
		secrets: secretsmanager.NewFromConfig(cfg),
	}
}

func (c *clients) stackResources(ctx context.Context, stack string) ([]Resource, error) {
	out, err := c.cfn.DescribeStackResources(ctx, &cloudformation.DescribeStackResourcesInput{StackName: aws.String(stack)})
	if err != nil {
		return nil, err
	}
	var res []Resource
	for _, r := range out.StackResources {
		res = append(res, Resource{LogicalID: aws.ToString(r.LogicalResourceId), Type: aws.ToString(r.ResourceType),
			PhysicalID: aws.ToString(r.PhysicalResourceId)})
	}
	return res, nil
}
