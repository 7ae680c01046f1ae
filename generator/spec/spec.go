package spec

import (
	"fmt"
	"strings"

	"github.com/securepipe/securepipe/generator/naming"
)

// Spec is a checked specification with every default applied.
type Spec struct {
	// Path is the file the spec was read from.
	Path string
	// SHA256 is the hex digest of the file's bytes.
	SHA256 string
	// Project is the project name, the prefix of every resource name.
	Project string
	// Region is the one region stacks may be deployed to.
	Region     string
	Processing Processing
	// Envs are the environments in the order the file lists them.
	Envs []Env

	pos positions
}

// Line returns the line of the key at path, dotted as in
// environments.prod.vpcCidr, or 0 when the file does not write that key.
func (s *Spec) Line(path string) int {
	return s.pos[path]
}

// Env is one environment with the project defaults applied.
type Env struct {
	// Name is the environment's key in the spec.
	Name      string
	Suffix    string
	AccountID string
	VPCCIDR   string
	Owner     string
	// AlertEmail is subscribed to the alerts topic; empty for none.
	AlertEmail         string
	DataClassification string
	AvailabilityZones  int
	LogRetentionDays   int
	KeyRotationDays    int
	Secret             Secret
	Lambda             Lambda
	Suppressions       []Suppression
	// Line is where the environment starts in the spec.
	Line int
}

// Names forms the environment's resource names.
func (e Env) Names(project string) naming.Names {
	return naming.Names{Project: project, Suffix: e.Suffix}
}

// Env returns the environment called name.
func (s *Spec) Env(name string) (Env, error) {
	for _, e := range s.Envs {
		if e.Name == name {
			return e, nil
		}
	}
	names := make([]string, len(s.Envs))
	for i, e := range s.Envs {
		names[i] = e.Name
	}
	return Env{}, fmt.Errorf("%s: no environment %q; write one of %s", s.Path, name, strings.Join(names, ", "))
}

// WithSuffix returns a copy of the environment that ends its names in
// suffix instead, for an ephemeral copy such as a review stack. The suffix
// is checked as the spec's own suffixes are.
func (s *Spec) WithSuffix(e Env, suffix string) (Env, error) {
	if err := checkSuffix(suffix); err != nil {
		return Env{}, fmt.Errorf("suffix %q: %w", suffix, err)
	}
	for _, other := range s.Envs {
		if other.Suffix == suffix && other.Name != e.Name {
			return Env{}, fmt.Errorf("suffix %q is environment %s's: an ephemeral copy needs a suffix of its own", suffix, other.Name)
		}
	}
	if err := checkNames(s.Project, suffix); err != nil {
		return Env{}, fmt.Errorf("suffix: %w", err)
	}
	e.Suffix = suffix
	return e, nil
}
