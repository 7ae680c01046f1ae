package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/securepipe/securepipe/generator/cfn"
	"github.com/securepipe/securepipe/generator/output"
	"github.com/securepipe/securepipe/generator/spec"
	"github.com/securepipe/securepipe/generator/stack"
	"github.com/securepipe/securepipe/policies"
	"github.com/securepipe/securepipe/policies/report"
	"github.com/securepipe/securepipe/policies/template"
)

// kind is one of the templates generated for every environment.
type kind struct {
	// name is empty for the main template and ends the others' file
	// names, as in prod.bootstrap.json.
	name  string
	build func(*spec.Spec, spec.Env) (*cfn.Document, error)
}

// kinds are the templates of an environment: the main stack, and the
// bootstrap stack that holds the artifact bucket the main one deploys from.
var kinds = []kind{{"", stack.Build}, {"bootstrap", stack.BuildBootstrap}}

// file is the name of env's template of kind k.
func (k kind) file(env spec.Env) string {
	if k.name == "" {
		return env.Suffix + ".json"
	}
	return env.Suffix + "." + k.name + ".json"
}

// rendered is one environment's template, rendered and parsed back, as it
// would be written.
type rendered struct {
	env     spec.Env
	path    string
	data    []byte
	subject policies.Subject
}

// render builds env's template of kind k, renders it and parses the bytes
// back into the model the rules judge, so that the check sees exactly what
// is written.
func render(s *spec.Spec, env spec.Env, dir string, k kind) (rendered, error) {
	doc, err := k.build(s, env)
	if err != nil {
		return rendered{}, err
	}
	data, err := doc.Render()
	if err != nil {
		return rendered{}, fmt.Errorf("render %s: %w", k.file(env), err)
	}
	path := filepath.Join(dir, k.file(env))
	tpl, err := template.Parse(path, data)
	if err != nil {
		return rendered{}, fmt.Errorf("environment %s: %w", env.Name, err)
	}
	sub := subject(s, env, tpl)
	if k.name != "" {
		sub.Suppressions = nil // the spec's suppressions name the main template's resources
	}
	return rendered{env: env, path: path, data: data, subject: sub}, nil
}

// subject is an environment's template with the spec's suppressions and a
// way back to the spec's lines.
func subject(s *spec.Spec, env spec.Env, tpl *template.Template) policies.Subject {
	sups := make([]policies.Suppression, len(env.Suppressions))
	for i, x := range env.Suppressions {
		sups[i] = policies.Suppression{Rule: x.Rule, Resource: x.Resource, Reason: x.Reason,
			Key: fmt.Sprintf("suppressions.%d", i)}
	}
	return policies.Subject{
		Env: env.Name, Suffix: env.Suffix, Template: tpl, Suppressions: sups,
		Locate: func(key string) (string, int) { return s.Path, specLine(s, env, key) },
	}
}

// specLine finds where the spec decides key for env: the environment's own
// entry, else the project defaults, else the environment's first line.
func specLine(s *spec.Spec, env spec.Env, key string) int {
	for _, path := range []string{
		"environments." + env.Name + "." + key,
		"project.defaults." + key,
		"project." + key,
	} {
		if line := s.Line(path); line > 0 {
			return line
		}
	}
	return env.Line
}

// peers renders every environment's template of kind k for the
// cross-environment rules; an ephemeral copy is judged against the others
// under its environment's name.
func peers(s *spec.Spec, dir string, k kind) ([]policies.Subject, error) {
	out := make([]policies.Subject, len(s.Envs))
	for i, env := range s.Envs {
		r, err := render(s, env, dir, k)
		if err != nil {
			return nil, err
		}
		out[i] = r.subject
	}
	return out, nil
}

// evidence renders the compliance evidence of one environment, written
// next to its template.
func evidence(s *spec.Spec, r rendered, res *policies.Result) (output.File, error) {
	sum := sha256.Sum256(r.data)
	var buf bytes.Buffer
	err := report.WriteEvidence(&buf, report.Evidence{
		Title:          s.Project + " " + r.env.Suffix,
		Env:            r.env.Name,
		Template:       filepath.Base(r.path), // the evidence lies beside it
		TemplateSHA256: hex.EncodeToString(sum[:]),
		Spec:           filepath.ToSlash(s.Path),
		SpecSHA256:     s.SHA256,
		Generator:      "securepipe " + stack.Version,
		Resources:      len(r.subject.Template.Resources),
	}, res)
	path := strings.TrimSuffix(r.path, ".json") + ".evidence.md"
	return output.File{Path: path, Data: buf.Bytes()}, err
}
