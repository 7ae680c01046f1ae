package stack

// ProtectedEnv is the environment whose stacks CloudFormation refuses to
// delete (termination protection) until it is explicitly lifted.
const ProtectedEnv = "prod"

// Deploy is how a template deploys, recorded in its Metadata so that the
// operations commands read everything they need from out/.
type Deploy struct {
	// StackName is the CloudFormation stack the template deploys as.
	StackName string `json:"StackName"`
	// Region is the only region the stack may be deployed to.
	Region string `json:"Region"`
	// AccountID is the only account it may be deployed to; empty for any.
	AccountID string `json:"AccountId,omitempty"`
	// Tags are the stack's tags, which CloudFormation also puts on every
	// resource that takes tags.
	Tags map[string]string `json:"Tags"`
	// Capabilities are what the deploy must acknowledge.
	Capabilities []string `json:"Capabilities"`
	// TerminationProtection says whether the stack is protected from
	// deletion once deployed.
	TerminationProtection bool `json:"TerminationProtection"`
}

// metadata records where the template comes from and how it deploys.
func (b *builder) metadata(stackName string, capabilities ...string) {
	tags := map[string]string{}
	for _, t := range b.tags() {
		tags[t.Key] = t.Value
	}
	if capabilities == nil {
		capabilities = []string{}
	}
	b.doc.Metadata = map[string]any{
		"Generator": map[string]any{"Name": "securepipe", "Version": Version},
		"Spec":      map[string]any{"Environment": b.env.Name, "Suffix": b.env.Suffix, "SHA256": b.spec.SHA256},
		"Deploy": Deploy{
			StackName:             stackName,
			Region:                b.spec.Region,
			AccountID:             b.env.AccountID,
			Tags:                  tags,
			Capabilities:          capabilities,
			TerminationProtection: b.env.Name == ProtectedEnv,
		},
	}
}
