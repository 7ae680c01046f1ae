package ops

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/securepipe/securepipe/generator/spec"
	"github.com/securepipe/securepipe/generator/stack"
)

// generated is a template the generator wrote, with what deploying it
// takes.
type generated struct {
	Path   string
	Size   int
	Deploy stack.Deploy
	// Required are the parameters without a default.
	Required []string
	// SecretARN is the existing secret the template rotates, if any.
	SecretARN string
	doc       map[string]any
}

// environment is one environment's generated templates.
type environment struct {
	Name      string
	Suffix    string
	Main      generated
	Bootstrap generated
}

// loadEnvironment finds env in the spec and reads its two templates,
// refusing templates the spec no longer generates.
func loadEnvironment(o Options) (environment, error) {
	s, err := spec.Load(o.Spec)
	if err != nil {
		return environment{}, err
	}
	e, err := s.Env(o.Env)
	if err != nil {
		return environment{}, err
	}
	env := environment{Name: e.Name, Suffix: e.Suffix}
	if env.Main, err = readGenerated(filepath.Join(o.Out, e.Suffix+".json"), s.SHA256); err != nil {
		return environment{}, err
	}
	if env.Bootstrap, err = readGenerated(filepath.Join(o.Out, e.Suffix+".bootstrap.json"), s.SHA256); err != nil {
		return environment{}, err
	}
	return env, nil
}

func readGenerated(path, specSHA string) (generated, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return generated{}, fmt.Errorf("no %s: generate it first with make generate", path)
	}
	if err != nil {
		return generated{}, fmt.Errorf("read template: %w", err)
	}
	var t struct {
		Metadata struct {
			Spec   struct{ SHA256 string }
			Deploy *stack.Deploy
		}
		Parameters map[string]struct{ Default *any }
		Resources  map[string]struct {
			Type       string
			Properties map[string]any
		}
	}
	if err := json.Unmarshal(data, &t); err != nil {
		return generated{}, fmt.Errorf("read %s: %w", path, err)
	}
	switch {
	case t.Metadata.Deploy == nil || t.Metadata.Deploy.StackName == "":
		return generated{}, fmt.Errorf("%s says nothing of how it deploys (Metadata.Deploy): regenerate it with make generate", path)
	case t.Metadata.Spec.SHA256 != specSHA:
		return generated{}, fmt.Errorf("%s was generated from another version of the spec: regenerate it with make generate, "+
			"review the diff, then deploy", path)
	}
	g := generated{Path: path, Size: len(data), Deploy: *t.Metadata.Deploy}
	for name, p := range t.Parameters {
		if p.Default == nil {
			g.Required = append(g.Required, name)
		}
	}
	sort.Strings(g.Required)
	for _, r := range t.Resources {
		if r.Type == "AWS::SecretsManager::RotationSchedule" {
			g.SecretARN, _ = r.Properties["SecretId"].(string)
		}
	}
	if err := json.Unmarshal(data, &g.doc); err != nil {
		return generated{}, fmt.Errorf("read %s: %w", path, err)
	}
	return g, nil
}

// tagArgs are the stack's tags as deploy's --tags takes them.
func (g generated) tagArgs() []string {
	keys := make([]string, 0, len(g.Deploy.Tags))
	for k := range g.Deploy.Tags {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = k + "=" + g.Deploy.Tags[k]
	}
	return out
}
