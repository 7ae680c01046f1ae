package stack

import (
	"github.com/securepipe/securepipe/generator/cfn"
	"github.com/securepipe/securepipe/generator/naming"
)

// rotatorRole is the rotator's execution role, trusted by Lambda in this
// account only.
func (b *builder) rotatorRole() {
	b.role(RotatorRole, naming.RotatorRole, "lambda.amazonaws.com",
		cfn.Condition{"StringEquals": {"aws:SourceAccount": accountID()}},
		"rotate-secret", b.rotatorPolicy())
}

// rotatorPolicy allows the four steps of a rotation on the one secret and
// nothing more, and denies what the function must never do.
func (b *builder) rotatorPolicy() *cfn.PolicyDocument {
	statements := []cfn.Statement{
		cfn.Allow("RotateApiSecret",
			[]string{"secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue",
				"secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"},
			[]string{b.env.Secret.ARN}),
		// GetRandomPassword acts on no resource, so * is all it can name.
		cfn.Allow("GenerateRandomKeys", []string{"secretsmanager:GetRandomPassword"}, []string{"*"}),
		cfn.Allow("WriteOwnLogs", []string{"logs:CreateLogStream", "logs:PutLogEvents"},
			[]string{b.logStreamsARN(naming.RotatorLogGroup)}),
	}
	statements = append(statements, b.vpcNetworkInterfaces()...)
	statements = append(statements, denyWithoutTLS("kms", "secretsmanager"))
	if key := b.env.Secret.KMSKeyARN; key != "" {
		// Only a customer-managed key needs a grant, and only then is the
		// deny of other keys safe: with the AWS-managed key, Secrets Manager
		// uses aws/secretsmanager on the rotator's behalf, which the deny
		// would block.
		statements = append(statements,
			cfn.Allow("UseApiSecretKey", []string{"kms:Decrypt", "kms:GenerateDataKey"}, []string{key}).
				When(cfn.Condition{"StringEquals": {"kms:ViaService": sub("secretsmanager.${AWS::Region}.amazonaws.com")}}),
			b.denyOtherKeys())
	}
	return cfn.Policy(statements...)
}
