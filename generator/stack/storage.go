package stack

import (
	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/s3"

	"github.com/securepipe/securepipe/generator/cfn"
	"github.com/securepipe/securepipe/generator/naming"
)

// abortUploadsAfterDays ends multipart uploads that never completed, so no
// unseen parts of data linger.
const abortUploadsAfterDays = 7

// storage builds the input and output buckets. Both are encrypted with the
// data key and accept only TLS requests and uploads under that key.
func (b *builder) storage() {
	input := b.bucket(naming.InputBucket, arnOf(DataKey))
	input.NotificationConfiguration = &s3.Bucket_NotificationConfiguration{
		QueueConfigurations: []s3.Bucket_QueueConfiguration{{
			Event: "s3:ObjectCreated:*",
			Queue: arnOf(IngestQueue),
		}},
	}
	// S3 checks at creation that it may send to the queue.
	input.AWSCloudFormationDependsOn = []string{IngestQueuePolicy}
	b.doc.Add(InputBucket, input)
	b.bucketPolicy(InputBucketPolicy, InputBucket, naming.InputBucket, arnOf(DataKey),
		b.versionGuard(naming.InputBucket))

	b.doc.Add(OutputBucket, b.bucket(naming.OutputBucket, arnOf(DataKey)))
	b.bucketPolicy(OutputBucketPolicy, OutputBucket, naming.OutputBucket, arnOf(DataKey),
		b.versionGuard(naming.OutputBucket))
}

// bucket returns a private, versioned bucket encrypted with key.
func (b *builder) bucket(k naming.Kind, key string) *s3.Bucket {
	return &s3.Bucket{
		BucketName: cloudformation.String(b.name(k)),
		BucketEncryption: &s3.Bucket_BucketEncryption{
			ServerSideEncryptionConfiguration: []s3.Bucket_ServerSideEncryptionRule{{
				BucketKeyEnabled: cloudformation.Bool(true),
				ServerSideEncryptionByDefault: &s3.Bucket_ServerSideEncryptionByDefault{
					SSEAlgorithm:   "aws:kms",
					KMSMasterKeyID: cloudformation.String(key),
				},
			}},
		},
		VersioningConfiguration: &s3.Bucket_VersioningConfiguration{Status: "Enabled"},
		PublicAccessBlockConfiguration: &s3.Bucket_PublicAccessBlockConfiguration{
			BlockPublicAcls:       cloudformation.Bool(true),
			BlockPublicPolicy:     cloudformation.Bool(true),
			IgnorePublicAcls:      cloudformation.Bool(true),
			RestrictPublicBuckets: cloudformation.Bool(true),
		},
		OwnershipControls: &s3.Bucket_OwnershipControls{
			Rules: []s3.Bucket_OwnershipControlsRule{{ObjectOwnership: cloudformation.String("BucketOwnerEnforced")}},
		},
		LifecycleConfiguration: &s3.Bucket_LifecycleConfiguration{
			Rules: []s3.Bucket_Rule{{
				Id:     cloudformation.String("AbortIncompleteMultipartUploads"),
				Status: "Enabled",
				AbortIncompleteMultipartUpload: &s3.Bucket_AbortIncompleteMultipartUpload{
					DaysAfterInitiation: abortUploadsAfterDays,
				},
			}},
		},
		Tags: b.tags(),
	}
}

// bucketPolicy denies every request without TLS and every upload not
// encrypted under key, the bucket's own, plus extra statements.
func (b *builder) bucketPolicy(id, bucketID string, k naming.Kind, key string, extra ...cfn.Statement) {
	b.bucketPolicyFor(id, bucketID, k, b.objectsARN(k), key, extra...)
}

// bucketPolicyFor is bucketPolicy with the encryption denies on uploads
// only, the objects uploads may create.
func (b *builder) bucketPolicyFor(id, bucketID string, k naming.Kind, uploads, key string, extra ...cfn.Statement) {
	statements := append([]cfn.Statement{
		cfn.Deny("DenyRequestsWithoutTLS", []string{"s3:*"},
			[]string{b.bucketARN(k), b.objectsARN(k)}).
			For(cfn.Principal{Anyone: true}).
			When(cfn.Condition{"Bool": {"aws:SecureTransport": false}}),
	}, uploadDenies([]string{uploads}, key, &cfn.Principal{Anyone: true})...)
	statements = append(statements, extra...)
	b.doc.Add(id, &s3.BucketPolicy{
		Bucket:         cloudformation.Ref(bucketID),
		PolicyDocument: cfn.Policy(statements...),
	})
}

// VersionGuardSid names the bucket policy statement that denies, without
// MFA, what would defeat versioning.
const VersionGuardSid = "DenyVersionDeletionWithoutMFA"

// versionGuard denies, to anyone not signed in with MFA, the two ways
// around versioning: deleting an object version for good and suspending
// versioning. BoolIfExists also denies requests that carry no MFA context
// at all, such as those signed with long-term access keys. It is a policy,
// so whoever may change the bucket policy may lift it; S3's own MFA delete
// has no such way around it but can only be turned on by the root user.
func (b *builder) versionGuard(k naming.Kind) cfn.Statement {
	return cfn.Deny(VersionGuardSid, []string{"s3:DeleteObjectVersion", "s3:PutBucketVersioning"},
		[]string{b.bucketARN(k), b.objectsARN(k)}).
		For(cfn.Principal{Anyone: true}).
		When(cfn.Condition{"BoolIfExists": {"aws:MultiFactorAuthPresent": false}})
}

// uploadDenies deny uploads that ask for any encryption but SSE-KMS, or for
// any key but key. Uploads that name neither get the bucket's default,
// which is SSE-KMS under that key; the IfExists form is what lets multipart
// uploads through, since UploadPart requests carry no encryption headers.
// The denies are shared by bucket and role policies; principal is nil in an
// identity policy.
func uploadDenies(objects []string, key string, principal *cfn.Principal) []cfn.Statement {
	statements := []cfn.Statement{
		cfn.Deny("DenyUploadsWithoutKMS", []string{"s3:PutObject"}, objects).
			When(cfn.Condition{"StringNotEqualsIfExists": {"s3:x-amz-server-side-encryption": "aws:kms"}}),
		cfn.Deny("DenyUploadsUnderAnotherKey", []string{"s3:PutObject"}, objects).
			When(cfn.Condition{"StringNotEqualsIfExists": {"s3:x-amz-server-side-encryption-aws-kms-key-id": key}}),
	}
	for i := range statements {
		statements[i].Principal = principal
	}
	return statements
}
