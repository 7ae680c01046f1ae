// Package policies holds the compliance rules every pipeline template must
// meet and the engine that runs them. Each rule has a stable ID (NET-001,
// ENC-004, ...), a severity, the SOC 2 Trust Services Criteria it supports
// and, where one exists, the AWS Security Hub control it corresponds to.
//
// Rules judge the generic model of package template, so they work on any
// CloudFormation template, generated here or not. A template with
// conditions is judged under each choice of them, so that both branches of
// an Fn::If are judged and the worse one counts. Template rules judge one
// environment's template; cross-environment rules judge every environment
// together. The engine runs every rule, applies the suppressions written in
// the spec, and sorts the findings; deciding what a finding means is left to
// the caller (Result.Failed).
package policies
