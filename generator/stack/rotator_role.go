package stack

import (
	"github.com/securepipe/securepipe/generator/cfn"
	"github.com/securepipe/securepipe/generator/naming"
	"github.com/securepipe/securepipe/lambda/permissions"
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
	// What the code does comes from measurement, as for the processor.
	statements := append(b.rotatorGrants(),
		cfn.Allow("WriteOwnLogs", []string{"logs:CreateLogStream", "logs:PutLogEvents"},
			[]string{b.logStreamsARN(naming.RotatorLogGroup)}))
	statements = append(statements, b.vpcNetworkInterfaces()...)
	if key := b.env.Secret.KMSKeyARN; key != "" {
		// Only a customer-managed key needs a grant; Secrets Manager uses
		// the AWS-managed one by its own.
		statements = append(statements,
			cfn.Allow("UseApiSecretKey", permissions.RotatorSecretKeyActions(), []string{key}).
				When(cfn.Condition{"StringEquals": {"kms:ViaService": sub("secretsmanager.${AWS::Region}.amazonaws.com")}}))
	}
	return cfn.Policy(append(statements, denyWithoutTLS("kms", "secretsmanager"), b.denyOtherKeys())...)
}
