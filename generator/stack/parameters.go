package stack

import (
	"github.com/awslabs/goformation/v7/cloudformation"
)

// S3PrefixListUsEast1 is the managed prefix list of S3 in us-east-1, the
// only region the stack deploys to; the processor's group reaches the S3
// gateway endpoint through it.
const S3PrefixListUsEast1 = "pl-63a5400a"

func (b *builder) parameters() {
	b.doc.Parameters[ParamArtifactBucket] = cloudformation.Parameter{
		Type:           "String",
		Description:    cloudformation.String("Bucket holding the packaged processor (bootstrap zip)."),
		AllowedPattern: cloudformation.String(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`),
	}
	b.doc.Parameters[ParamArtifactKey] = cloudformation.Parameter{
		Type:           "String",
		Description:    cloudformation.String("Key of the packaged processor zip, named after its SHA-256."),
		AllowedPattern: cloudformation.String(`^[A-Za-z0-9!_.*'()/-]+\.zip$`),
	}
	b.doc.Parameters[ParamRotatorArtifactKey] = cloudformation.Parameter{
		Type:           "String",
		Description:    cloudformation.String("Key of the packaged secret rotator zip in the same bucket, named after its SHA-256."),
		AllowedPattern: cloudformation.String(`^[A-Za-z0-9!_.*'()/-]+\.zip$`),
	}
	b.doc.Parameters[ParamS3PrefixList] = cloudformation.Parameter{
		Type:           "String",
		Description:    cloudformation.String("Managed prefix list of S3 in the deployment region (com.amazonaws.us-east-1.s3)."),
		Default:        S3PrefixListUsEast1,
		AllowedPattern: cloudformation.String(`^pl-[0-9a-f]{8,17}$`),
	}
}
