package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"

	"github.com/securepipe/securepipe/generator/output"
	"github.com/securepipe/securepipe/generator/spec"
	"github.com/securepipe/securepipe/policies"
	"github.com/securepipe/securepipe/policies/report"
)

// generate runs the pipeline: load the spec, pick the environments, build
// and render each kind of template, check, and only when every template
// passes, write the templates and their evidence. Findings go to stderr.
func generate(o options, log *slog.Logger, stderr io.Writer) ([]string, error) {
	s, err := spec.Load(o.spec)
	if err != nil {
		return nil, err
	}
	log.Debug("spec loaded", "path", o.spec, "environments", len(s.Envs), "sha256", s.SHA256)
	envs, err := selectEnvs(s, o)
	if err != nil {
		return nil, err
	}
	var files []output.File
	var failed []error
	for _, k := range kinds {
		var built []rendered
		for _, env := range envs {
			r, err := render(s, env, o.out, k)
			if err != nil {
				return nil, err
			}
			log.Debug("template built", "environment", env.Name, "file", filepath.Base(r.path), "resources", len(r.subject.Template.Resources), "bytes", len(r.data))
			built = append(built, r)
		}
		checked, err := check(s, o, k, built, log, stderr)
		if err != nil {
			failed = append(failed, err)
			continue
		}
		files = append(files, checked...)
	}
	if err := errors.Join(failed...); err != nil {
		return nil, err
	}
	if err := output.WriteAll(files); err != nil {
		return nil, err
	}
	paths := make([]string, len(files))
	for i, f := range files {
		paths[i] = f.Path
	}
	return paths, nil
}

// check runs every rule on the built templates of kind k, and the
// cross-environment rules on that kind of template of every environment of
// the spec. It returns the files to write: each template and its evidence.
func check(s *spec.Spec, o options, k kind, built []rendered, log *slog.Logger, stderr io.Writer) ([]output.File, error) {
	in := policies.Input{}
	for _, r := range built {
		in.Subjects = append(in.Subjects, r.subject)
	}
	if !o.all {
		all, err := peers(s, o.out, k)
		if err != nil {
			return nil, err
		}
		in.Peers = all
	}
	res := policies.Check(in)
	c := res.Counts()
	log.Debug("templates checked", "kind", k.name, "errors", c.Errors, "warnings", c.Warnings, "suppressed", c.Suppressed)
	if c.Errors+c.Warnings > 0 {
		if err := report.Text(stderr, res); err != nil {
			return nil, err
		}
	}
	if res.Failed() {
		return nil, fmt.Errorf("compliance check: %d error finding(s), listed above", c.Errors)
	}
	var files []output.File
	for _, r := range built {
		ev, err := evidence(s, r, res)
		if err != nil {
			return nil, err
		}
		files = append(files, output.File{Path: r.path, Data: r.data}, ev)
	}
	return files, nil
}

func selectEnvs(s *spec.Spec, o options) ([]spec.Env, error) {
	if o.all {
		return s.Envs, nil
	}
	env, err := s.Env(o.env)
	if err != nil {
		return nil, err
	}
	if o.suffix != "" {
		if env, err = s.WithSuffix(env, o.suffix); err != nil {
			return nil, fmt.Errorf("-suffix: %w", err)
		}
	}
	return []spec.Env{env}, nil
}
