package localdeploy

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
