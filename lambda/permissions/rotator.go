package permissions

import "slices"

// The rotator's permissions are measured like the processor's: the
// rotation function's end-to-end tests record every AWS operation it
// performs to lambda/e2e/testdata/rotator-operations.golden, and a test in
// this package checks that RotatorStatements matches that file.
//
// secretsmanager:GetRandomPassword acts on no resource, so IAM can grant
// it only on "*"; every other action is on the one secret the function
// rotates.
//
// Not recorded, because Secrets Manager performs them for the caller, are
// the KMS actions on the secret's key: when the secret is encrypted under
// a customer-managed key rather than aws/secretsmanager, the rotator also
// needs RotatorSecretKeyActions on that key, best limited with the
// condition kms:EncryptionContext:SecretARN equal to the secret's ARN.
// Neither are the permissions Lambda uses on the function's behalf (the
// CloudWatch Logs writes, the network interfaces of a function in a VPC),
// nor the resource policy that lets secretsmanager.amazonaws.com invoke
// the function.

// AllResources is the kind of a statement whose actions have no
// resource-level permissions.
const AllResources Kind = "all-resources"

// rotatorStatements are the rotator's permissions, sorted by resource.
var rotatorStatements = []Statement{
	{Kind: Secret, Resource: "${SecretArn}",
		Actions: []string{"secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue",
			"secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"}},
	{Kind: AllResources, Resource: "*",
		Actions: []string{"secretsmanager:GetRandomPassword"}},
}

// rotatorSecretKeyActions are the KMS actions on a customer-managed key
// that Secrets Manager performs for the rotator.
var rotatorSecretKeyActions = []string{"kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey"}

// RotatorStatements returns the rotation function's permissions, one
// statement per resource pattern, sorted by pattern.
func RotatorStatements() []Statement {
	return cloneStatements(rotatorStatements)
}

// RotatorGrants returns the rotation function's permissions as
// action/resource pairs, sorted by resource, then action.
func RotatorGrants() []Grant {
	return grants(rotatorStatements)
}

// RotatorSecretKeyActions returns the KMS actions the rotator needs on the
// secret's key when that is a customer-managed key.
func RotatorSecretKeyActions() []string {
	return slices.Clone(rotatorSecretKeyActions)
}

// rotatorGoldenHeader starts the rotator's operations golden file.
const rotatorGoldenHeader = `# AWS operations the rotator performed in the end-to-end tests, as IAM
# actions on resources: "<action> <resource>", sorted by resource, then action.
# Regenerate: go test ./lambda/e2e -run TestRotatorEndToEnd -update
`

// FormatRotator renders grants in the form of the rotator's golden file.
func FormatRotator(grants []Grant) []byte {
	return format(rotatorGoldenHeader, grants)
}
