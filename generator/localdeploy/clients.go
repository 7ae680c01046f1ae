package localdeploy

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/securepipe/securepipe/generator/moto"
)

// clients talk to the local endpoint only, with dummy credentials. They are
// built from a bare aws.Config, so no shared config file, profile or
// environment credential is ever read.
type clients struct {
	cfn     *cloudformation.Client
	ec2     *ec2.Client
	kms     *kms.Client
	lambda  *lambda.Client
	logs    *cloudwatchlogs.Client
	s3      *s3.Client
	secrets *secretsmanager.Client
	sqs     *sqs.Client
	sts     *sts.Client
}

func newClients(endpoint string) *clients {
	cfg := aws.Config{
		Region: region,
		Credentials: credentials.NewStaticCredentialsProvider(
			moto.AccessKeyID, moto.SecretAccessKey, ""),
		BaseEndpoint: aws.String(endpoint),
	}

	return &clients{
		cfn:    cloudformation.NewFromConfig(cfg),
		ec2:    ec2.NewFromConfig(cfg),
		kms:    kms.NewFromConfig(cfg),
		lambda: lambda.NewFromConfig(cfg),
		logs:   cloudwatchlogs.NewFromConfig(cfg),
		s3: s3.NewFromConfig(cfg, func(o *s3.Options) {
			o.UsePathStyle = true
		}),
		secrets: secretsmanager.NewFromConfig(cfg),
		sqs:     sqs.NewFromConfig(cfg),
		sts:     sts.NewFromConfig(cfg),
	}
}
