package localdeploy

// The moto workarounds live in package moto, shared with the operations
// tests; where moto cannot answer a check at all, the check is reported as
// "skipped (moto: ...)" with one of the gaps in gaps.go.

import (
	"context"
	"io"

	"github.com/securepipe/securepipe/generator/moto"
)

// region is the one region the pipeline deploys to.
const region = moto.Region

// rewriteForMoto changes a copy of the template so that moto deploys it as
// AWS would deploy the original. keyFrom is the KMS key ARN the template
// names, keyTo the ARN of the key the harness created in its place.
func rewriteForMoto(w io.Writer, t *Template, keyFrom, keyTo string) {
	moto.RewriteTemplate(w, t.doc, keyFrom, keyTo)
}

// deleteWhatMotoCannot removes, through the EC2 API, the stack's resources
// that moto's CloudFormation would leave behind and that keep the VPC alive.
func deleteWhatMotoCannot(ctx context.Context, w io.Writer, c *clients, res []moto.StackResource) error {
	return moto.DeleteUndeletable(ctx, w, c.ec2, res)
}
