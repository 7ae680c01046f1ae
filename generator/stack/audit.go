package stack

import (
	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/cloudtrail"

	"github.com/securepipe/securepipe/generator/cfn"
	"github.com/securepipe/securepipe/generator/naming"
)

// audit builds the API-call record: a trail of management events and of the
// data events on this environment's buckets (the artifact bucket of the
// bootstrap stack among them) and functions, validated and encrypted,
// delivered to its own bucket and to a log group.
func (b *builder) audit() {
	b.doc.Add(AuditBucket, b.bucket(naming.AuditBucket, arnOf(LogsKey)))
	// The encryption denies cover the trail's log files only: CloudTrail
	// writes its digest files, which prove the log files unaltered, with
	// the encryption it chooses, and a deny there would break validation.
	logFiles := sub("arn:${AWS::Partition}:s3:::" + b.names.Of(naming.AuditBucket) + "/AWSLogs/${AWS::AccountId}/CloudTrail/*")
	b.bucketPolicyFor(AuditBucketPolicy, AuditBucket, naming.AuditBucket, logFiles, arnOf(LogsKey),
		b.versionGuard(naming.AuditBucket),
		cfn.Allow("CloudTrailChecksBucketAcl", []string{"s3:GetBucketAcl"},
			[]string{b.bucketARN(naming.AuditBucket)}).
			For(cfn.Principal{Service: []string{"cloudtrail.amazonaws.com"}}).
			When(cfn.Condition{"StringEquals": {"aws:SourceArn": b.trailARN()}}),
		cfn.Allow("CloudTrailWritesLogFiles", []string{"s3:PutObject"},
			[]string{sub("arn:${AWS::Partition}:s3:::" + b.names.Of(naming.AuditBucket) + "/AWSLogs/${AWS::AccountId}/*")}).
			For(cfn.Principal{Service: []string{"cloudtrail.amazonaws.com"}}).
			When(cfn.Condition{"StringEquals": {
				"aws:SourceArn": b.trailARN(),
				"s3:x-amz-acl":  "bucket-owner-full-control",
			}}),
	)
	b.logGroup(TrailLogGroup, naming.TrailLogGroup)

	trail := &cloudtrail.Trail{
		TrailName:                  cloudformation.String(b.names.Of(naming.Trail)),
		IsLogging:                  true,
		IsMultiRegionTrail:         cloudformation.Bool(true),
		IncludeGlobalServiceEvents: cloudformation.Bool(true),
		EnableLogFileValidation:    cloudformation.Bool(true),
		KMSKeyId:                   cloudformation.String(arnOf(LogsKey)),
		S3BucketName:               cloudformation.Ref(AuditBucket),
		CloudWatchLogsLogGroupArn:  cloudformation.String(arnOf(TrailLogGroup)),
		CloudWatchLogsRoleArn:      cloudformation.String(arnOf(TrailLogsRole)),
		EventSelectors: []cloudtrail.Trail_EventSelector{{
			IncludeManagementEvents: cloudformation.Bool(true),
			ReadWriteType:           cloudformation.String("All"),
			DataResources: []cloudtrail.Trail_DataResource{
				{Type: "AWS::S3::Object", Values: []string{
					sub("arn:${AWS::Partition}:s3:::" + b.names.Of(naming.InputBucket) + "/"),
					sub("arn:${AWS::Partition}:s3:::" + b.names.Of(naming.OutputBucket) + "/"),
					// Who put or read which function package.
					sub("arn:${AWS::Partition}:s3:::${" + ParamArtifactBucket + "}/"),
				}},
				{Type: "AWS::Lambda::Function", Values: []string{
					b.functionARN(), b.lambdaARN(naming.RotatorFunction),
				}},
			},
		}},
		Tags: b.tags(),
	}
	// CloudTrail checks at creation that it may write to the bucket.
	trail.AWSCloudFormationDependsOn = []string{AuditBucketPolicy}
	b.doc.Add(Trail, trail)
}
