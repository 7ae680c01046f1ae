package stack

import (
	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/ec2"
	"github.com/awslabs/goformation/v7/cloudformation/lambda"
	"github.com/awslabs/goformation/v7/cloudformation/secretsmanager"

	"github.com/securepipe/securepipe/generator/naming"
)

// The rotator's sizing: it makes a handful of Secrets Manager calls per
// step, one step per invocation.
const (
	rotatorMemoryMB       = 256
	rotatorTimeoutSeconds = 60
	// rotatorConcurrency is one: rotations of one secret never overlap.
	rotatorConcurrency = 1
	// rotatedField is the field of the secret's JSON value the rotator
	// replaces.
	rotatedField = "pseudonymisation_key"
)

// rotation has Secrets Manager rotate the existing secret, every
// secret.rotationDays, with a function of the stack: in the private
// subnets, reaching only the Secrets Manager endpoint. The secret itself
// stays outside the stack.
func (b *builder) rotation() {
	b.logGroup(RotatorLogGroup, naming.RotatorLogGroup)
	b.rotatorGroup()
	b.rotatorRole()
	b.doc.Add(Rotator, &lambda.Function{
		FunctionName:  cloudformation.String(b.names.Of(naming.RotatorFunction)),
		Description:   cloudformation.String("Rotates the pseudonymisation key of the " + b.names.Suffix + " secret"),
		Runtime:       cloudformation.String("provided.al2023"),
		Architectures: []string{"arm64"},
		Handler:       cloudformation.String("bootstrap"),
		Code: &lambda.Function_Code{
			S3Bucket: cloudformation.String(cloudformation.Ref(ParamArtifactBucket)),
			S3Key:    cloudformation.String(cloudformation.Ref(ParamRotatorArtifactKey)),
		},
		Role:                         arnOf(RotatorRole),
		MemorySize:                   cloudformation.Int(rotatorMemoryMB),
		Timeout:                      cloudformation.Int(rotatorTimeoutSeconds),
		ReservedConcurrentExecutions: cloudformation.Int(rotatorConcurrency),
		KmsKeyArn:                    cloudformation.String(arnOf(DataKey)),
		Environment: &lambda.Function_Environment{Variables: map[string]string{
			"SECRET_ARN": b.env.Secret.ARN,
			"KEY_FIELD":  rotatedField,
		}},
		VpcConfig: &lambda.Function_VpcConfig{
			SubnetIds:        b.subnets(),
			SecurityGroupIds: []string{cloudformation.GetAtt(RotatorSecurityGroup, "GroupId")},
		},
		LoggingConfig: &lambda.Function_LoggingConfig{
			LogFormat:           cloudformation.String("JSON"),
			LogGroup:            cloudformation.String(cloudformation.Ref(RotatorLogGroup)),
			ApplicationLogLevel: cloudformation.String("INFO"),
			SystemLogLevel:      cloudformation.String("WARN"),
		},
		Tags: b.tags(),
	})
	b.doc.Add(RotatorInvokePermission, &lambda.Permission{
		Action:        "lambda:InvokeFunction",
		FunctionName:  arnOf(Rotator),
		Principal:     "secretsmanager.amazonaws.com",
		SourceAccount: cloudformation.String(accountID()),
		// Only the rotation of this environment's secret may invoke it.
		SourceArn: cloudformation.String(b.env.Secret.ARN),
	})
	b.rotationSchedule()
}

// rotationSchedule turns rotation on for the existing secret, named by ARN.
// Secrets Manager tests the function as soon as the schedule exists, so the
// schedule waits for the permission to invoke it and for its path to the
// endpoint. The first rotation happens on schedule, not at deployment.
func (b *builder) rotationSchedule() {
	schedule := &secretsmanager.RotationSchedule{
		SecretId:                  b.env.Secret.ARN,
		RotationLambdaARN:         cloudformation.String(arnOf(Rotator)),
		RotateImmediatelyOnUpdate: cloudformation.Bool(false),
		RotationRules: &secretsmanager.RotationSchedule_RotationRules{
			AutomaticallyAfterDays: cloudformation.Int(b.env.Secret.RotationDays),
		},
	}
	secrets := secretsManagerService()
	schedule.AWSCloudFormationDependsOn = []string{
		RotatorInvokePermission, InterfaceEndpoint(secrets), EndpointEgress(RotatorCaller, secrets),
	}
	b.doc.Add(RotationSchedule, schedule)
}

// rotatorGroup is the rotator's security group. Its one inline rule
// matches no traffic and replaces EC2's allow-all default; its only way
// out is the rule to the Secrets Manager endpoint that endpointGroup adds.
func (b *builder) rotatorGroup() {
	name := b.names.Of(naming.RotatorSecurityGroup)
	b.doc.Add(RotatorSecurityGroup, &ec2.SecurityGroup{
		GroupName:        cloudformation.String(name),
		GroupDescription: "Secret rotator: HTTPS out to the Secrets Manager endpoint only",
		VpcId:            cloudformation.String(cloudformation.Ref(VPC)),
		SecurityGroupEgress: []ec2.SecurityGroup_Egress{{
			Description: cloudformation.String("No outbound traffic but the endpoint rule: loopback only, never routed"),
			IpProtocol:  "tcp",
			FromPort:    cloudformation.Int(https),
			ToPort:      cloudformation.Int(https),
			CidrIp:      cloudformation.String("127.0.0.1/32"),
		}},
		Tags: b.nameTag(name),
	})
}

// secretsManagerService is the Secrets Manager entry of InterfaceServices.
func secretsManagerService() Service {
	for _, s := range InterfaceServices {
		if s.Name == "secretsmanager" {
			return s
		}
	}
	panic("no secretsmanager among InterfaceServices")
}
