// Package cfn is the thin layer between the builders and goformation: a
// template document that also carries CloudFormation Rules, typed IAM policy
// documents, resources whose CloudFormation types gained properties after
// goformation's spec, and the one rendering path through goformation's
// intrinsic-function processing.
package cfn
