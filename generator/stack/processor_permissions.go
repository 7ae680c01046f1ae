package stack

import (
	"strings"

	"github.com/awslabs/goformation/v7/cloudformation"

	"github.com/securepipe/securepipe/generator/cfn"
	"github.com/securepipe/securepipe/generator/naming"
	"github.com/securepipe/securepipe/lambda/permissions"
)

// processorGrants are the Allow statements for what the processor's code
// does, taken from the permissions its end-to-end tests measured, so the
// role grants exactly the operations the function performs.
func (b *builder) processorGrants() []cfn.Statement {
	return b.measuredGrants(permissions.Statements(), grantSid)
}

// rotatorGrants are the same for the secret rotator.
func (b *builder) rotatorGrants() []cfn.Statement {
	return b.measuredGrants(permissions.RotatorStatements(), func(s permissions.Statement) string {
		if s.Kind == permissions.AllResources {
			// GetRandomPassword acts on no resource: * is all it can name.
			return "GenerateRandomKeys"
		}
		return "RotateApiSecret"
	})
}

// measuredGrants turns measured statements into policy statements, with
// the deployment's names and ARNs in place of the patterns' variables.
func (b *builder) measuredGrants(stmts []permissions.Statement, sid func(permissions.Statement) string) []cfn.Statement {
	values := map[string]string{
		permissions.VarInputBucket:  b.names.Of(naming.InputBucket),
		permissions.VarOutputBucket: b.names.Of(naming.OutputBucket),
		permissions.VarDataKeyARN:   "${" + DataKey + ".Arn}",
		permissions.VarSecretARN:    b.env.Secret.ARN,
	}
	var out []cfn.Statement
	for _, s := range stmts {
		pattern := strings.Replace(s.Resource, "arn:aws:", "arn:${AWS::Partition}:", 1)
		resource := permissions.Resolve(pattern, values)
		out = append(out, cfn.Allow(sid(s), s.Actions, []string{cfnString(resource)}))
	}
	return out
}

// grantSid names a measured statement of the processor after what it is
// about.
func grantSid(s permissions.Statement) string {
	switch s.Kind {
	case permissions.InputObjects:
		return "ReadInputObjects"
	case permissions.OutputBucket:
		return "ListOutputBucket"
	case permissions.Secret:
		return "ReadApiSecret"
	case permissions.DataKey:
		return "UseDataKey"
	}
	// Output objects: one statement per prefix, such as manifests/*.
	prefix := strings.TrimSuffix(s.Resource[strings.LastIndex(strings.TrimSuffix(s.Resource, "/*"), "/")+1:], "/*")
	return "UseOutput" + strings.ToUpper(prefix[:1]) + prefix[1:]
}

// cfnString returns s as a template value: a GetAtt when it is exactly one
// attribute, Fn::Sub when it has variables, and the literal otherwise.
func cfnString(s string) string {
	if strings.HasPrefix(s, "${") && strings.HasSuffix(s, ".Arn}") && strings.Count(s, "${") == 1 {
		return arnOf(strings.TrimSuffix(strings.TrimPrefix(s, "${"), ".Arn}"))
	}
	if strings.Contains(s, "${") {
		return cloudformation.Sub(s)
	}
	return s
}
