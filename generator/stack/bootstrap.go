package stack

import (
	"fmt"

	"github.com/awslabs/goformation/v7/cloudformation"

	"github.com/securepipe/securepipe/generator/cfn"
	"github.com/securepipe/securepipe/generator/naming"
	"github.com/securepipe/securepipe/generator/spec"
)

// BuildBootstrap returns the bootstrap template of environment env of s:
// the artifact bucket that packaged functions (and templates too large to
// send inline) are uploaded to before the main stack deploys, and the key
// that encrypts it. It carries the main template's tags, deletion
// policies and guard rails, and is checked by the same rules.
func BuildBootstrap(s *spec.Spec, env spec.Env) (*cfn.Document, error) {
	b := newBuilder(s, env, fmt.Sprintf("%s %s: artifact bucket for packaged code (%s data, owner %s)",
		s.Project, env.Suffix, env.DataClassification, env.Owner))
	b.metadata(b.names.BootstrapStack())
	for _, part := range []func(){b.guardRails, b.artifacts, b.bootstrapOutputs} {
		part()
	}
	if err := b.doc.Err(); err != nil {
		return nil, fmt.Errorf("environment %s bootstrap: %w", env.Name, err)
	}
	return b.doc, nil
}

// artifacts builds the artifact bucket: versioned, private, TLS-only and
// encrypted with a key of its own, so that access to packaged code is
// granted apart from access to the data.
func (b *builder) artifacts() {
	b.key(ArtifactKMSKey, ArtifactKMSKeyAlias, naming.ArtifactKeyAlias,
		"Encrypts the "+b.names.Suffix+" pipeline's packaged code and templates", nil)
	b.doc.Add(ArtifactBucket, b.bucket(naming.ArtifactBucket, arnOf(ArtifactKMSKey)))
	b.bucketPolicy(ArtifactBucketPolicy, ArtifactBucket, naming.ArtifactBucket, arnOf(ArtifactKMSKey))
}

// bootstrapOutputs are what packaging needs: where to upload, under which
// key.
func (b *builder) bootstrapOutputs() {
	out := func(id, description, value string) {
		b.doc.Outputs[id] = cloudformation.Output{
			Value:       value,
			Description: cloudformation.String(description),
			Export:      &cloudformation.Export{Name: b.names.Export(id)},
		}
	}
	out(OutputArtifactBucket, "Bucket the packaged functions and large templates are uploaded to.", cloudformation.Ref(ArtifactBucket))
	out(OutputArtifactKey, "KMS key every upload to the artifact bucket is encrypted under.", arnOf(ArtifactKMSKey))
}
