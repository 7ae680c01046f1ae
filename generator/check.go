package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/securepipe/securepipe/generator/output"
	"github.com/securepipe/securepipe/generator/spec"
	"github.com/securepipe/securepipe/generator/stack"
	"github.com/securepipe/securepipe/policies"
	"github.com/securepipe/securepipe/policies/report"
	"github.com/securepipe/securepipe/policies/template"
)

// rendered is one environment's template, rendered and parsed back, as it
// would be written.
type rendered struct {
	env     spec.Env
	path    string
	data    []byte
	subject policies.Subject
}

// render builds env's template, renders it and parses the bytes back into
// the model the rules judge, so that the check sees exactly what is
// written.
func render(s *spec.Spec, env spec.Env, dir string) (rendered, error) {
	doc, err := stack.Build(s, env)
	if err != nil {
		return rendered{}, err
	}
	data, err := doc.Render()
	if err != nil {
		return rendered{}, fmt.Errorf("render %s: %w", env.Name, err)
	}
	path := filepath.Join(dir, env.Suffix+".json")
	tpl, err := template.Parse(path, data)
	if err != nil {
		return rendered{}, fmt.Errorf("environment %s: %w", env.Name, err)
	}
	return rendered{env: env, path: path, data: data, subject: subject(s, env, tpl)}, nil
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

// peers renders every environment of the spec for the cross-environment
// rules; an ephemeral copy is judged against the others under its
// environment's name.
func peers(s *spec.Spec, dir string) ([]policies.Subject, error) {
	out := make([]policies.Subject, len(s.Envs))
	for i, env := range s.Envs {
		r, err := render(s, env, dir)
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
