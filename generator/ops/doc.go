// Package ops takes an environment from generated templates to a running
// stack and back, with the AWS CLI: bootstrap deploys the artifact bucket,
// package uploads the packaged functions to it, plan shows what a deploy
// would change without changing anything, deploy deploys the main stack,
// destroy empties the environment's buckets and deletes its stacks, and
// mfa-delete turns S3 MFA delete on for its buckets.
//
// Everything the commands need comes from what the generator wrote: the
// stack name, tags, capabilities, account and termination protection from
// each template's Metadata, the parameters from its Parameters, and the
// bucket and key from the bootstrap stack's outputs. Each command checks
// first that the AWS CLI is installed, that credentials work and belong to
// the environment's account, and says what to do when they do not.
//
// A command given an endpoint URL aims every AWS CLI call at it, so that
// tests can run the whole path against a stand-in for AWS; a Stand bends
// the run to that stand-in's differences.
package ops
