// Package template reads any CloudFormation template, JSON or YAML with the
// short-form tags (!Ref, !Sub, !GetAtt, ...), into the small generic model
// the compliance rules judge: resources with their type, properties as plain
// Go values, attributes and source line, plus helpers that follow Ref, GetAtt
// and Sub to what they name and that read the IAM policy documents a
// template carries.
package template
