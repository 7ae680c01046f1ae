package stack

import "fmt"

// Logical IDs of the resources, parameters and outputs of a pipeline stack
// and of its bootstrap stack.
// They are part of the stack's interface: renaming one replaces the resource.
const (
	VPC                      = "Vpc"
	FlowLog                  = "VpcFlowLog"
	FlowLogsLogGroup         = "VpcFlowLogsLogGroup"
	FlowLogsRole             = "VpcFlowLogsRole"
	FunctionSecurityGroup    = "ProcessorSecurityGroup"
	S3Endpoint               = "S3GatewayEndpoint"
	DataKey                  = "DataKey"
	DataKeyAlias             = "DataKeyAlias"
	LogsKey                  = "LogsKey"
	LogsKeyAlias             = "LogsKeyAlias"
	InputBucket              = "InputBucket"
	InputBucketPolicy        = "InputBucketPolicy"
	OutputBucket             = "OutputBucket"
	OutputBucketPolicy       = "OutputBucketPolicy"
	IngestQueue              = "IngestQueue"
	IngestQueuePolicy        = "IngestQueuePolicy"
	DeadLetterQueue          = "IngestDeadLetterQueue"
	DeadLetterQueuePolicy    = "IngestDeadLetterQueuePolicy"
	Processor                = "ProcessorFunction"
	ProcessorLogGroup        = "ProcessorLogGroup"
	ProcessorRole            = "ProcessorRole"
	ProcessorEventSource     = "ProcessorEventSourceMapping"
	AuditBucket              = "AuditBucket"
	AuditBucketPolicy        = "AuditBucketPolicy"
	Trail                    = "AuditTrail"
	TrailLogGroup            = "AuditTrailLogGroup"
	TrailLogsRole            = "AuditTrailLogsRole"
	Rotator                  = "SecretRotatorFunction"
	RotatorLogGroup          = "SecretRotatorLogGroup"
	RotatorRole              = "SecretRotatorRole"
	RotatorSecurityGroup     = "SecretRotatorSecurityGroup"
	RotatorInvokePermission  = "SecretRotatorInvokePermission"
	RotationSchedule         = "SecretRotationSchedule"
	AlertsTopic              = "AlertsTopic"
	AlertsTopicPolicy        = "AlertsTopicPolicy"
	AlertsSubscription       = "AlertsEmailSubscription"
	DeadLetterAlarm          = "IngestDeadLetterQueueAlarm"
	ProcessorErrorsAlarm     = "ProcessorErrorsAlarm"
	ProcessorThrottlesAlarm  = "ProcessorThrottlesAlarm"
	RotatorErrorsAlarm       = "SecretRotatorErrorsAlarm"
	ArtifactBucket           = "ArtifactBucket"
	ArtifactBucketPolicy     = "ArtifactBucketPolicy"
	ArtifactKMSKey           = "ArtifactKmsKey"
	ArtifactKMSKeyAlias      = "ArtifactKmsKeyAlias"
	ParamArtifactBucket      = "ArtifactBucket"
	ParamArtifactKey         = "ArtifactKey"
	ParamRotatorArtifactKey  = "RotatorArtifactKey"
	ParamS3PrefixList        = "S3PrefixListId"
	RuleRegion               = "DeployOnlyToUsEast1"
	RuleAccount              = "DeployOnlyToAccount"
	OutputInputBucket        = "InputBucketName"
	OutputOutputBucket       = "OutputBucketName"
	OutputAuditBucket        = "AuditBucketName"
	OutputDataKey            = "DataKeyArn"
	OutputLogsKey            = "LogsKeyArn"
	OutputFunction           = "ProcessorFunctionName"
	OutputQueue              = "IngestQueueUrl"
	OutputDeadLetterQueue    = "DeadLetterQueueUrl"
	OutputVPC                = "VpcId"
	OutputAlertsTopic        = "AlertsTopicArn"
	OutputProcessorRole      = "ProcessorRoleArn"
	OutputFunctionSecurityGr = "ProcessorSecurityGroupId"
	OutputRotator            = "SecretRotatorFunctionName"
	OutputArtifactBucket     = "ArtifactBucketName"
	OutputArtifactKey        = "ArtifactKmsKeyArn"
)

// zoneLetters name the subnets of each availability zone.
const zoneLetters = "abc"

// Subnet is the logical ID of the private subnet in zone i.
func Subnet(i int) string { return fmt.Sprintf("PrivateSubnet%c", zoneLetters[i]-'a'+'A') }

// RouteTable is the logical ID of the route table of subnet i.
func RouteTable(i int) string { return fmt.Sprintf("PrivateRouteTable%c", zoneLetters[i]-'a'+'A') }

// RouteTableAssociation is the logical ID tying subnet i to its route table.
func RouteTableAssociation(i int) string {
	return fmt.Sprintf("PrivateRouteTableAssociation%c", zoneLetters[i]-'a'+'A')
}

// InterfaceEndpoint is the logical ID of the interface endpoint of service.
func InterfaceEndpoint(s Service) string { return s.Title + "Endpoint" }

// EndpointGroup is the logical ID of the security group of s's endpoint.
func EndpointGroup(s Service) string { return s.Title + "EndpointSecurityGroup" }

// EndpointEgress is the logical ID of caller c's egress rule to s's
// endpoint.
func EndpointEgress(c Caller, s Service) string { return c.Title + "To" + s.Title + "EndpointEgress" }
