package stack

import (
	"fmt"

	"github.com/awslabs/goformation/v7/cloudformation"

	"github.com/securepipe/securepipe/generator/cfn"
)

// guardRails refuse the deployment before any resource exists when it
// targets the wrong region or account.
func (b *builder) guardRails() {
	b.doc.Rules[RuleRegion] = cfn.Rule{Assertions: []cfn.Assertion{{
		Assert:            cloudformation.Equals(cloudformation.Ref("AWS::Region"), b.spec.Region),
		AssertDescription: fmt.Sprintf("This stack deploys only to %s.", b.spec.Region),
	}}}
	if b.env.AccountID == "" {
		return
	}
	b.doc.Rules[RuleAccount] = cfn.Rule{Assertions: []cfn.Assertion{{
		Assert:            cloudformation.Equals(accountID(), b.env.AccountID),
		AssertDescription: fmt.Sprintf("The %s environment deploys only to account %s.", b.env.Name, b.env.AccountID),
	}}}
}
