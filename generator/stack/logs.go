package stack

import (
	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/logs"

	"github.com/securepipe/securepipe/generator/naming"
)

// logGroup adds a log group encrypted with the logs key and kept for the
// environment's retention.
func (b *builder) logGroup(id string, k naming.Kind) {
	b.doc.Add(id, &logs.LogGroup{
		LogGroupName:    cloudformation.String(b.names.Of(k)),
		KmsKeyId:        cloudformation.String(arnOf(LogsKey)),
		RetentionInDays: cloudformation.Int(b.env.LogRetentionDays),
		Tags:            b.tags(),
	})
}

// logGroupKinds are the log groups the logs key must serve.
var logGroupKinds = []naming.Kind{naming.ProcessorLogGroup, naming.RotatorLogGroup,
	naming.FlowLogsLogGroup, naming.TrailLogGroup}
