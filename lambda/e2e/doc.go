// Package e2e holds the end-to-end tests of the processor and of the key's
// rotation function, and the recording proxy they use.
//
// The tests build the real bootstrap binary for the host, run it under
// AWS's Lambda Runtime Interface Emulator (built from its Go module) and
// invoke it with SQS events, against a moto server on loopback that stands
// in for S3, KMS and Secrets Manager. Every request the function sends
// passes through a Recorder, which notes it as IAM actions on resources;
// the tests compare that set with testdata/operations.golden, and package
// permissions serves the same set to the template generator.
//
// The rotator's tests run it the same way, against moto's Secrets Manager
// only: moto's RotateSecret stages each new version AWSPENDING, as Secrets
// Manager does, and the tests invoke the four steps as Secrets Manager
// would. What it does is recorded to testdata/rotator-operations.golden.
package e2e
