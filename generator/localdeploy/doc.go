// Package localdeploy proves that a generated CloudFormation template really
// deploys, without an AWS account.
//
// Run starts moto_server on loopback (or uses an endpoint it is given), puts
// in place what the stack expects to exist already (the pseudonymisation
// secret, the customer-managed key that encrypts it and the packaged function
// code), deploys the template with the same `aws cloudformation deploy` a user
// runs, checks through the AWS API that the resources carry the controls the
// template asks for, then deletes the stack and stops the server.
//
// moto is not CloudFormation. Every place where the harness bends to moto is
// listed in workarounds.go and announced in the output when applied; a check
// that moto cannot answer is reported as skipped, never as ok. The template
// under out/ is never changed: moto deploys a copy.
package localdeploy
