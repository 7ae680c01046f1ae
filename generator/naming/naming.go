// Package naming forms every physical resource name of an environment as
// {project}-{resource-type}-{suffix} and knows the length and character
// limits AWS puts on each, so that a bad suffix is caught in the spec rather
// than by a failed deploy.
package naming

import (
	"fmt"
	"regexp"
	"strings"
)

// Kind is a kind of named resource.
type Kind int

// The named resources of an environment.
const (
	InputBucket Kind = iota
	OutputBucket
	AuditBucket
	ProcessorFunction
	ProcessorRole
	FlowLogsRole
	TrailLogsRole
	IngestQueue
	DeadLetterQueue
	ProcessorLogGroup
	FlowLogsLogGroup
	TrailLogGroup
	DataKeyAlias
	LogsKeyAlias
	Trail
	FunctionSecurityGroup
	VPC
	RotatorFunction
	RotatorRole
	RotatorLogGroup
	RotatorSecurityGroup
	ArtifactBucket
	ArtifactKeyAlias
	AlertsTopic
	DeadLetterAlarm
	ProcessorErrorsAlarm
	ProcessorThrottlesAlarm
	RotatorErrorsAlarm
	kindCount
)

// AccountPlaceholder stands for the account ID inside names that must be
// globally unique; templates substitute ${AWS::AccountId} for it.
const AccountPlaceholder = "${AWS::AccountId}"

// accountIDLen is the length an account ID takes once substituted.
const accountIDLen = 12

type rule struct {
	service string
	format  string // %[1]s project, %[2]s suffix
	max     int
	allowed *regexp.Regexp
}

var (
	bucketChars = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*[a-z0-9]$`)
	iamChars    = regexp.MustCompile(`^[\w+=,.@-]+$`)
	plainChars  = regexp.MustCompile(`^[A-Za-z0-9_.-]+$`)
	logChars    = regexp.MustCompile(`^[A-Za-z0-9_./#-]+$`)
	aliasChars  = regexp.MustCompile(`^alias/[A-Za-z0-9/_-]+$`)
	anyChars    = regexp.MustCompile(`^.+$`)
)

// reservedBucketSuffixes end names S3 keeps for its own kinds of bucket.
var reservedBucketSuffixes = []string{"-s3alias", "--ol-s3", "--x-s3", "--table-s3"}

var rules = [kindCount]rule{
	InputBucket:           {"S3 bucket", "%s-input-" + AccountPlaceholder + "-%s", 63, bucketChars},
	OutputBucket:          {"S3 bucket", "%s-output-" + AccountPlaceholder + "-%s", 63, bucketChars},
	AuditBucket:           {"S3 bucket", "%s-audit-" + AccountPlaceholder + "-%s", 63, bucketChars},
	ProcessorFunction:     {"Lambda function", "%s-processor-%s", 64, plainChars},
	ProcessorRole:         {"IAM role", "%s-processor-%s", 64, iamChars},
	FlowLogsRole:          {"IAM role", "%s-flow-logs-%s", 64, iamChars},
	TrailLogsRole:         {"IAM role", "%s-trail-logs-%s", 64, iamChars},
	IngestQueue:           {"SQS queue", "%s-ingest-%s", 80, plainChars},
	DeadLetterQueue:       {"SQS queue", "%s-ingest-dlq-%s", 80, plainChars},
	ProcessorLogGroup:     {"log group", "/aws/lambda/%s-processor-%s", 512, logChars},
	FlowLogsLogGroup:      {"log group", "/%s/vpc-flow-logs-%s", 512, logChars},
	TrailLogGroup:         {"log group", "/%s/audit-trail-%s", 512, logChars},
	DataKeyAlias:          {"KMS alias", "alias/%s-data-%s", 256, aliasChars},
	LogsKeyAlias:          {"KMS alias", "alias/%s-logs-%s", 256, aliasChars},
	Trail:                 {"CloudTrail trail", "%s-audit-%s", 128, plainChars},
	FunctionSecurityGroup: {"security group", "%s-processor-%s", 255, anyChars},
	VPC:                   {"VPC", "%s-vpc-%s", 256, anyChars},
	RotatorFunction:       {"Lambda function", "%s-secret-rotator-%s", 64, plainChars},
	RotatorRole:           {"IAM role", "%s-secret-rotator-%s", 64, iamChars},
	RotatorLogGroup:       {"log group", "/aws/lambda/%s-secret-rotator-%s", 512, logChars},
	RotatorSecurityGroup:  {"security group", "%s-secret-rotator-%s", 255, anyChars},
	ArtifactBucket:        {"S3 bucket", "%s-artifacts-" + AccountPlaceholder + "-%s", 63, bucketChars},
	ArtifactKeyAlias:      {"KMS alias", "alias/%s-artifacts-%s", 256, aliasChars},
	// Every alarm name matches {project}-*-{suffix}, the pattern the alerts
	// topic and the data key let CloudWatch publish from.
	AlertsTopic:             {"SNS topic", "%s-alerts-%s", 256, plainChars},
	DeadLetterAlarm:         {"CloudWatch alarm", "%s-ingest-dlq-messages-%s", 255, plainChars},
	ProcessorErrorsAlarm:    {"CloudWatch alarm", "%s-processor-errors-%s", 255, plainChars},
	ProcessorThrottlesAlarm: {"CloudWatch alarm", "%s-processor-throttles-%s", 255, plainChars},
	RotatorErrorsAlarm:      {"CloudWatch alarm", "%s-secret-rotator-errors-%s", 255, plainChars},
}

// Names forms the names of one environment.
type Names struct {
	Project string
	Suffix  string
}

// Of returns the name of kind k. Globally unique names carry
// AccountPlaceholder, to be used with Fn::Sub.
func (n Names) Of(k Kind) string {
	return fmt.Sprintf(rules[k].format, n.Project, n.Suffix)
}

// Export returns the export name of a stack output.
func (n Names) Export(output string) string {
	return fmt.Sprintf("%s-%s-%s", n.Project, output, n.Suffix)
}

// Stack returns the name of the environment's main stack.
func (n Names) Stack() string { return n.Project + "-" + n.Suffix }

// BootstrapStack returns the name of the stack holding the environment's
// artifact bucket, deployed before the main stack.
func (n Names) BootstrapStack() string { return n.Stack() + "-bootstrap" }

// EndpointGroup returns the name of the security group of the interface
// endpoint of service, such as kms.
func (n Names) EndpointGroup(service string) string {
	return fmt.Sprintf("%s-%s-endpoint-%s", n.Project, service, n.Suffix)
}

// AlarmPattern returns an IAM pattern matching the name of every alarm of
// the environment.
func (n Names) AlarmPattern() string { return n.Project + "-*-" + n.Suffix }

// HasPlaceholder reports whether the name of k needs Fn::Sub.
func HasPlaceholder(k Kind) bool {
	return strings.Contains(rules[k].format, AccountPlaceholder)
}

// Check returns one error for each name that breaks its service's limits,
// saying how long the suffix may be.
func (n Names) Check() []error {
	var errs []error
	for k := Kind(0); k < kindCount; k++ {
		r := rules[k]
		name := strings.ReplaceAll(n.Of(k), AccountPlaceholder, strings.Repeat("0", accountIDLen))
		if len(name) > r.max {
			room := r.max - (len(name) - len(n.Suffix))
			errs = append(errs, fmt.Errorf("%s name %q is %d characters, over the limit of %d: "+
				"keep project name and suffix together %d characters shorter (the suffix may have at most %d here)",
				r.service, name, len(name), r.max, len(name)-r.max, max(room, 0)))
			continue
		}
		if !r.allowed.MatchString(name) {
			errs = append(errs, fmt.Errorf("%s name %q has characters the service rejects", r.service, name))
			continue
		}
		if r.allowed == bucketChars {
			for _, reserved := range reservedBucketSuffixes {
				if strings.HasSuffix(name, reserved) {
					errs = append(errs, fmt.Errorf("%s name %q ends in %s, which S3 reserves for access points and directory buckets", r.service, name, reserved))
				}
			}
		}
	}
	return errs
}
