// Package permissions lists the IAM permissions the processor function
// and the key's rotation function need, for the template generator to
// grant exactly those and no more. This comment is about the processor;
// rotator.go describes the rotator's.
//
// The list is measured, not guessed: the end-to-end tests run the real
// function against a recording proxy and write every AWS operation it
// performed, as IAM actions on resources, to
// lambda/e2e/testdata/operations.golden. That includes the KMS actions S3
// performs on the caller's behalf for SSE-KMS (kms:GenerateDataKey to
// write, kms:Decrypt to read and to complete multipart uploads) and
// s3:ListBucket, without which a missing object reads as 403 rather than
// 404. A test in this package checks that Statements matches that file,
// so the two cannot drift apart.
//
// Resources are ARN patterns in which ${InputBucket}, ${OutputBucket},
// ${SecretArn} and ${DataKeyArn} stand for the deployment's bucket names
// and ARNs, as variables do in CloudFormation's Fn::Sub.
//
// Not listed are the permissions that Lambda itself uses on the
// function's behalf: the SQS event source mapping's sqs:ReceiveMessage,
// sqs:DeleteMessage and sqs:GetQueueAttributes on the input queue, the
// CloudWatch Logs writes, and the network interface actions of a function
// in a VPC.
package permissions

import (
	"bytes"
	"slices"
	"strings"
)

// Variables that resource patterns use.
const (
	VarInputBucket  = "InputBucket"
	VarOutputBucket = "OutputBucket"
	VarSecretARN    = "SecretArn"
	VarDataKeyARN   = "DataKeyArn"
)

// Kind names the resource a statement is about.
type Kind string

// The kinds of resource the processor touches.
const (
	InputObjects  Kind = "input-objects"
	OutputBucket  Kind = "output-bucket"
	OutputObjects Kind = "output-objects"
	Secret        Kind = "secret"
	DataKey       Kind = "data-key"
)

// Statement grants actions on one resource pattern.
type Statement struct {
	Kind     Kind
	Resource string
	Actions  []string
}

// Grant is one action on one resource pattern.
type Grant struct {
	Action   string
	Resource string
}

// statements are the processor's permissions, sorted by resource.
var statements = []Statement{
	{Kind: DataKey, Resource: "${DataKeyArn}",
		Actions: []string{"kms:Decrypt", "kms:GenerateDataKey"}},
	{Kind: Secret, Resource: "${SecretArn}",
		Actions: []string{"secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"}},
	{Kind: InputObjects, Resource: "arn:aws:s3:::${InputBucket}/*",
		Actions: []string{"s3:GetObjectVersion"}},
	{Kind: OutputBucket, Resource: "arn:aws:s3:::${OutputBucket}",
		Actions: []string{"s3:ListBucket"}},
	{Kind: OutputObjects, Resource: "arn:aws:s3:::${OutputBucket}/manifests/*",
		Actions: []string{"s3:GetObject", "s3:PutObject"}},
	{Kind: OutputObjects, Resource: "arn:aws:s3:::${OutputBucket}/processed/*",
		Actions: []string{"s3:AbortMultipartUpload", "s3:PutObject"}},
	{Kind: OutputObjects, Resource: "arn:aws:s3:::${OutputBucket}/quarantine/*",
		Actions: []string{"s3:AbortMultipartUpload", "s3:PutObject"}},
}

// Statements returns the processor's permissions, one statement per
// resource pattern, sorted by pattern.
func Statements() []Statement {
	return cloneStatements(statements)
}

func cloneStatements(statements []Statement) []Statement {
	out := make([]Statement, len(statements))
	for i, s := range statements {
		s.Actions = slices.Clone(s.Actions)
		out[i] = s
	}
	return out
}

// ByKind returns the statements about one kind of resource.
func ByKind(k Kind) []Statement {
	var out []Statement
	for _, s := range Statements() {
		if s.Kind == k {
			out = append(out, s)
		}
	}
	return out
}

// Grants returns the permissions as action/resource pairs, sorted by
// resource, then action.
func Grants() []Grant {
	return grants(statements)
}

func grants(statements []Statement) []Grant {
	var out []Grant
	for _, s := range statements {
		for _, a := range s.Actions {
			out = append(out, Grant{Action: a, Resource: s.Resource})
		}
	}
	SortGrants(out)
	return out
}

// SortGrants sorts grants by resource, then action.
func SortGrants(g []Grant) {
	slices.SortFunc(g, func(a, b Grant) int {
		if c := strings.Compare(a.Resource, b.Resource); c != 0 {
			return c
		}
		return strings.Compare(a.Action, b.Action)
	})
}

// Resolve returns the resource pattern with its variables replaced by
// values, keyed by variable name. Unknown variables are left as they are.
func Resolve(pattern string, values map[string]string) string {
	for name, v := range values {
		pattern = strings.ReplaceAll(pattern, "${"+name+"}", v)
	}
	return pattern
}

// goldenHeader starts the operations golden file.
const goldenHeader = `# AWS operations the processor performed in the end-to-end tests, as IAM
# actions on resources: "<action> <resource>", sorted by resource, then action.
# Regenerate: go test ./lambda/e2e -run TestEndToEnd -update
`

// Format renders grants in the golden file's form.
func Format(grants []Grant) []byte {
	return format(goldenHeader, grants)
}

func format(header string, grants []Grant) []byte {
	var b bytes.Buffer
	b.WriteString(header)
	for _, g := range grants {
		b.WriteString(g.Action + " " + g.Resource + "\n")
	}
	return b.Bytes()
}
