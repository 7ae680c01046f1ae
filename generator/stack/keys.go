package stack

import (
	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/kms"

	"github.com/securepipe/securepipe/generator/cfn"
	"github.com/securepipe/securepipe/generator/naming"
)

// keyPendingDays is the shortest wait KMS allows before deleting a key, so
// that a destroyed environment leaves as little behind as it can.
const keyPendingDays = 7

// adminActions keep the account able to manage a key (never locked out)
// without granting it the use of the key through this statement.
var adminActions = []string{
	"kms:CancelKeyDeletion", "kms:CreateAlias", "kms:DeleteAlias", "kms:DescribeKey",
	"kms:DisableKey", "kms:DisableKeyRotation", "kms:EnableKey", "kms:EnableKeyRotation",
	"kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListAliases", "kms:ListGrants",
	"kms:ListKeyPolicies", "kms:ListKeyRotations", "kms:ListResourceTags", "kms:PutKeyPolicy",
	"kms:RetireGrant", "kms:RevokeGrant", "kms:RotateKeyOnDemand", "kms:ScheduleKeyDeletion",
	"kms:TagResource", "kms:UntagResource", "kms:UpdateAlias", "kms:UpdateKeyDescription",
}

// useActions are the cryptographic operations a principal may be granted.
var useActions = []string{
	"kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey",
	"kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncryptFrom", "kms:ReEncryptTo",
}

// keys builds two customer-managed keys: one for the data (buckets, queues,
// function environment) and one only for logs and the audit trail.
func (b *builder) keys() {
	b.key(DataKey, DataKeyAlias, naming.DataKeyAlias,
		"Encrypts the "+b.names.Suffix+" pipeline's data, queues and function environment",
		b.dataKeyGrants())
	b.key(LogsKey, LogsKeyAlias, naming.LogsKeyAlias,
		"Encrypts the "+b.names.Suffix+" pipeline's log groups and audit trail",
		b.logsKeyGrants())
}

func (b *builder) key(id, aliasID string, alias naming.Kind, description string, grants []cfn.Statement) {
	statements := append([]cfn.Statement{
		cfn.Allow("AccountAdministersKey", adminActions, []string{"*"}).
			For(cfn.Principal{AWS: []string{accountRoot()}}),
		cfn.Allow("AccountUsesKeyThroughIAM", useActions, []string{"*"}).
			For(cfn.Principal{AWS: []string{accountRoot()}}).
			When(cfn.Condition{"StringEquals": {"kms:CallerAccount": accountID()}}),
		cfn.Allow("AWSServicesCreateGrantsForAccount", []string{"kms:CreateGrant"}, []string{"*"}).
			For(cfn.Principal{AWS: []string{accountRoot()}}).
			When(cfn.Condition{"Bool": {"kms:GrantIsForAWSResource": true}}),
	}, grants...)
	b.doc.Add(id, &kms.Key{
		Description:          cloudformation.String(description),
		Enabled:              cloudformation.Bool(true),
		EnableKeyRotation:    cloudformation.Bool(true),
		RotationPeriodInDays: cloudformation.Int(b.env.KeyRotationDays),
		KeySpec:              cloudformation.String("SYMMETRIC_DEFAULT"),
		KeyUsage:             cloudformation.String("ENCRYPT_DECRYPT"),
		MultiRegion:          cloudformation.Bool(false),
		PendingWindowInDays:  cloudformation.Int(keyPendingDays),
		KeyPolicy:            cfn.Policy(statements...),
		Tags:                 b.tags(),
	})
	b.doc.Add(aliasID, &kms.Alias{
		AliasName:   b.names.Of(alias),
		TargetKeyId: cloudformation.Ref(id),
	})
}

// dataKeyGrants let S3 encrypt the notifications it sends to the ingest
// queue, for the input bucket of this account only, and CloudWatch publish
// to the encrypted alerts topic, for this environment's alarms only.
func (b *builder) dataKeyGrants() []cfn.Statement {
	return []cfn.Statement{
		cfn.Allow("S3SendsEncryptedNotifications",
			[]string{"kms:Decrypt", "kms:GenerateDataKey"}, []string{"*"}).
			For(cfn.Principal{Service: []string{"s3.amazonaws.com"}}).
			When(cfn.Condition{
				"StringEquals": {"aws:SourceAccount": accountID()},
				"ArnEquals":    {"aws:SourceArn": b.bucketARN(naming.InputBucket)},
			}),
		cfn.Allow("AlarmsPublishToEncryptedTopic",
			[]string{"kms:Decrypt", "kms:GenerateDataKey"}, []string{"*"}).
			For(cfn.Principal{Service: []string{"cloudwatch.amazonaws.com"}}).
			When(b.fromAlarms()),
	}
}

// logsKeyGrants let CloudWatch Logs use the key for this environment's log
// groups only (by encryption context) and CloudTrail for this environment's
// trail only.
func (b *builder) logsKeyGrants() []cfn.Statement {
	groups := make([]string, len(logGroupKinds))
	for i, k := range logGroupKinds {
		groups[i] = b.logGroupARN(k)
	}
	return []cfn.Statement{
		cfn.Allow("CloudWatchLogsEncryptsThisEnvironmentsGroups", useActions, []string{"*"}).
			For(cfn.Principal{Service: []string{sub("logs.${AWS::Region}.amazonaws.com")}}).
			When(cfn.Condition{"ArnEquals": {"kms:EncryptionContext:aws:logs:arn": groups}}),
		cfn.Allow("CloudTrailEncryptsThisEnvironmentsTrail",
			[]string{"kms:GenerateDataKey"}, []string{"*"}).
			For(cfn.Principal{Service: []string{"cloudtrail.amazonaws.com"}}).
			When(cfn.Condition{
				"StringEquals": {"aws:SourceArn": b.trailARN()},
				"StringLike": {"kms:EncryptionContext:aws:cloudtrail:arn": sub(
					"arn:${AWS::Partition}:cloudtrail:*:${AWS::AccountId}:trail/" + b.names.Of(naming.Trail))},
			}),
		// Decrypt is what CloudTrail needs to write through the audit
		// bucket's S3 bucket key.
		cfn.Allow("CloudTrailDescribesKeyAndUsesBucketKey", []string{"kms:Decrypt", "kms:DescribeKey"}, []string{"*"}).
			For(cfn.Principal{Service: []string{"cloudtrail.amazonaws.com"}}).
			When(cfn.Condition{"StringEquals": {"aws:SourceArn": b.trailARN()}}),
	}
}
