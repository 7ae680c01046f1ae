package stack

import (
	"github.com/awslabs/goformation/v7/cloudformation"
)

// outputs are what a user or a later stack needs next, exported under names
// that carry the suffix.
func (b *builder) outputs() {
	out := func(id, description, value string) {
		b.doc.Outputs[id] = cloudformation.Output{
			Value:       value,
			Description: cloudformation.String(description),
			Export:      &cloudformation.Export{Name: b.names.Export(id)},
		}
	}
	out(OutputInputBucket, "Bucket that receives the objects to process.", cloudformation.Ref(InputBucket))
	out(OutputOutputBucket, "Bucket the processor writes results, quarantine and manifests to.", cloudformation.Ref(OutputBucket))
	out(OutputAuditBucket, "Bucket holding the CloudTrail log files.", cloudformation.Ref(AuditBucket))
	out(OutputDataKey, "KMS key encrypting the data, queues and function environment.", arnOf(DataKey))
	out(OutputLogsKey, "KMS key encrypting the logs and the audit trail.", arnOf(LogsKey))
	out(OutputFunction, "Name of the processor function.", cloudformation.Ref(Processor))
	out(OutputRotator, "Name of the function that rotates the secret.", cloudformation.Ref(Rotator))
	out(OutputProcessorRole, "ARN of the processor's execution role.", arnOf(ProcessorRole))
	out(OutputQueue, "URL of the queue carrying new-object notifications.", cloudformation.Ref(IngestQueue))
	out(OutputDeadLetterQueue, "URL of the dead-letter queue of messages that kept failing.", cloudformation.Ref(DeadLetterQueue))
	out(OutputVPC, "ID of the isolated VPC.", cloudformation.Ref(VPC))
	out(OutputAlertsTopic, "Topic the environment's alarms notify; subscribe on-call tools to it.", cloudformation.Ref(AlertsTopic))
	out(OutputFunctionSecurityGr, "Security group of the processor.", cloudformation.GetAtt(FunctionSecurityGroup, "GroupId"))
}
