// Package stack builds the CloudFormation template of one environment of the
// pipeline: an isolated network, keys, storage, the processing path, its
// identities and the audit trail, each in a file of its own.
package stack

import (
	"fmt"

	"github.com/awslabs/goformation/v7/cloudformation/tags"

	"github.com/securepipe/securepipe/generator/cfn"
	"github.com/securepipe/securepipe/generator/naming"
	"github.com/securepipe/securepipe/generator/spec"
)

// Version is the generator version recorded in every template's metadata.
const Version = "0.1.0"

// builder carries what every part of the template needs.
type builder struct {
	spec  *spec.Spec
	env   spec.Env
	names naming.Names
	doc   *cfn.Document
}

// Build returns the template of environment env of s.
func Build(s *spec.Spec, env spec.Env) (*cfn.Document, error) {
	b := newBuilder(s, env, fmt.Sprintf("%s %s: zero-trust data-processing pipeline (%s data, owner %s)",
		s.Project, env.Suffix, env.DataClassification, env.Owner))
	b.metadata(b.names.Stack(), "CAPABILITY_NAMED_IAM")
	for _, part := range []func(){
		b.parameters, b.guardRails,
		b.network, b.securityGroups, b.endpoints,
		b.keys, b.storage, b.processing, b.identity, b.rotation, b.audit, b.alerting,
		b.outputs,
	} {
		part()
	}
	if err := b.doc.Err(); err != nil {
		return nil, fmt.Errorf("environment %s: %w", env.Name, err)
	}
	return b.doc, nil
}

func newBuilder(s *spec.Spec, env spec.Env, description string) *builder {
	return &builder{spec: s, env: env, names: env.Names(s.Project), doc: cfn.New(description)}
}

// tags returns the tags every taggable resource carries, plus extra.
func (b *builder) tags(extra ...tags.Tag) []tags.Tag {
	return append([]tags.Tag{
		{Key: "DataClassification", Value: b.env.DataClassification},
		{Key: "Environment", Value: b.env.Suffix},
		{Key: "Owner", Value: b.env.Owner},
	}, extra...)
}

// nameTag returns the tags of a resource shown by its Name in the console.
func (b *builder) nameTag(name string) []tags.Tag {
	return b.tags(tags.Tag{Key: "Name", Value: name})
}
