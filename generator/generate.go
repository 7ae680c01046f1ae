package main

import (
	"fmt"
	"log/slog"
	"path/filepath"

	"github.com/securepipe/securepipe/generator/output"
	"github.com/securepipe/securepipe/generator/spec"
	"github.com/securepipe/securepipe/generator/stack"
)

// generate runs the pipeline: load the spec, pick the environments, build,
// render, and only when every one succeeded, write.
func generate(o options, log *slog.Logger) ([]string, error) {
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
	for _, env := range envs {
		doc, err := stack.Build(s, env)
		if err != nil {
			return nil, err
		}
		data, err := doc.Render()
		if err != nil {
			return nil, fmt.Errorf("render %s: %w", env.Name, err)
		}
		log.Debug("template built", "environment", env.Name, "resources", len(doc.Resources), "bytes", len(data))
		files = append(files, output.File{Path: filepath.Join(o.out, env.Suffix+".json"), Data: data})
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
