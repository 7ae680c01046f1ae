// Package e2e holds the processor's end-to-end tests and the recording
// proxy they use.
//
// The tests build the real bootstrap binary for the host, run it under
// AWS's Lambda Runtime Interface Emulator (built from its Go module) and
// invoke it with SQS events, against a moto server on loopback that stands
// in for S3, KMS and Secrets Manager. Every request the function sends
// passes through a Recorder, which notes it as IAM actions on resources;
// the tests compare that set with testdata/operations.golden, and package
// permissions serves the same set to the template generator.
package e2e
