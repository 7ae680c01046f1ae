package localdeploy

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// checkFunctions checks that every function runs what and where the
// template says: runtime, handler and architecture, inside its subnets
// behind its security groups, with its KMS key and its log settings.
func checkFunctions(ctx context.Context, k *checker) []result {
	var out []result
	for _, r := range k.tmpl.ResourcesOfType("AWS::Lambda::Function") {
		name, ok := k.physical(r.LogicalID)
		if !ok {
			continue
		}

		fn, err := k.c.lambda.GetFunctionConfiguration(ctx, &lambda.GetFunctionConfigurationInput{
			FunctionName: aws.String(name)})
		if err != nil {
			out = append(out, fail(r.LogicalID, "function exists", "%v", err))
			continue
		}
		out = append(out,
			functionRuntime(r, fn),
			functionVPC(k, r, fn),
			functionArchitecture(r, fn),
			functionKey(ctx, k, r, fn),
			functionLogging(k, r, fn))
	}
	return out
}

func functionRuntime(r Resource, fn *lambda.GetFunctionConfigurationOutput) result {
	what := fmt.Sprintf("runtime %v, handler %v", r.Properties["Runtime"], r.Properties["Handler"])
	if string(fn.Runtime) != str(r.Properties["Runtime"]) ||
		aws.ToString(fn.Handler) != str(r.Properties["Handler"]) {
		return fail(r.LogicalID, what, "runtime %s, handler %s", fn.Runtime, aws.ToString(fn.Handler))
	}
	return pass(r.LogicalID, what)
}

func functionVPC(k *checker, r Resource, fn *lambda.GetFunctionConfigurationOutput) result {
	const what = "in its subnets with its security groups"
	cfg, ok := r.Properties["VpcConfig"].(map[string]any)
	if !ok {
		return fail(r.LogicalID, what, "the template sets no VpcConfig")
	}
	wantSubnets, err := k.res.strs(cfg["SubnetIds"])
	if err != nil {
		return fail(r.LogicalID, what, "SubnetIds: %v", err)
	}
	wantGroups, err := k.res.strs(cfg["SecurityGroupIds"])
	if err != nil {
		return fail(r.LogicalID, what, "SecurityGroupIds: %v", err)
	}

	got := fn.VpcConfig
	if got == nil {
		return fail(r.LogicalID, what, "the function is not in a VPC")
	}
	if !sameSet(got.SubnetIds, wantSubnets) {
		return fail(r.LogicalID, what, "subnets are %v, want %v", got.SubnetIds, wantSubnets)
	}
	if !sameSet(got.SecurityGroupIds, wantGroups) {
		return fail(r.LogicalID, what, "security groups are %v, want %v", got.SecurityGroupIds, wantGroups)
	}
	return pass(r.LogicalID, what)
}

func functionArchitecture(r Resource, fn *lambda.GetFunctionConfigurationOutput) result {
	want := "x86_64"
	if a, ok := r.Properties["Architectures"].([]any); ok && len(a) == 1 {
		want = str(a[0])
	}
	what := "architecture " + want

	if len(fn.Architectures) == 1 && string(fn.Architectures[0]) == want {
		return pass(r.LogicalID, what)
	}
	if len(fn.Architectures) == 1 && fn.Architectures[0] == lambdatypes.ArchitectureX8664 {
		return skip(r.LogicalID, what, gapLambdaProperties)
	}
	return fail(r.LogicalID, what, "architectures are %v", fn.Architectures)
}

func functionKey(ctx context.Context, k *checker, r Resource, fn *lambda.GetFunctionConfigurationOutput) result {
	const what = "environment encrypted with its KMS key"
	want, ok := r.Properties["KmsKeyArn"]
	if !ok {
		return fail(r.LogicalID, what, "the template sets no KmsKeyArn")
	}
	if fn.KMSKeyArn == nil {
		return skip(r.LogicalID, what, gapLambdaProperties)
	}
	if d := k.sameKey(ctx, want, aws.ToString(fn.KMSKeyArn)); d != "" {
		return fail(r.LogicalID, what, "%s", d)
	}
	return pass(r.LogicalID, what)
}

func functionLogging(k *checker, r Resource, fn *lambda.GetFunctionConfigurationOutput) result {
	cfg, ok := r.Properties["LoggingConfig"].(map[string]any)
	if !ok {
		return fail(r.LogicalID, "logging configured", "the template sets no LoggingConfig")
	}
	format := str(cfg["LogFormat"])
	group, err := k.res.str(cfg["LogGroup"])
	what := fmt.Sprintf("logs %s to %s", format, group)
	if err != nil {
		return fail(r.LogicalID, "logging configured", "LogGroup: %v", err)
	}

	got := fn.LoggingConfig
	if got == nil {
		return skip(r.LogicalID, what, gapLambdaProperties)
	}
	if string(got.LogFormat) != format || aws.ToString(got.LogGroup) != group {
		return fail(r.LogicalID, what, "logs %s to %s", got.LogFormat, aws.ToString(got.LogGroup))
	}
	return pass(r.LogicalID, what)
}
