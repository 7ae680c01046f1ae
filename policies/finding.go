package policies

import (
	"cmp"
	"slices"
)

// Severity says whether a finding blocks a template.
type Severity int

// Severities, most severe first.
const (
	// Error findings block: nothing is written while one is unsuppressed.
	Error Severity = iota
	// Warning findings are reported and written into the evidence.
	Warning
)

func (s Severity) String() string {
	if s == Error {
		return "error"
	}
	return "warning"
}

// MarshalText writes the severity as error or warning.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Finding is one rule broken by one resource.
type Finding struct {
	// Rule is the rule ID, such as NET-001.
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	// Env is the environment the template belongs to.
	Env string `json:"environment,omitempty"`
	// File and Line locate the resource in its template.
	File string `json:"file,omitempty"`
	Line int    `json:"line,omitempty"`
	// Resource is the logical ID of the resource at fault.
	Resource string `json:"resource"`
	// SpecFile and SpecLine locate the spec entry to change, when one
	// applies.
	SpecFile string `json:"specFile,omitempty"`
	SpecLine int    `json:"specLine,omitempty"`
	// Message says what is wrong; Fix says how to put it right.
	Message string `json:"message"`
	Fix     string `json:"fix"`
	// Suppressed is set when the spec waives the finding, for Reason.
	Suppressed bool   `json:"suppressed,omitempty"`
	Reason     string `json:"reason,omitempty"`
}

// Blocks reports whether the finding stops a template from being written.
func (f Finding) Blocks() bool { return f.Severity == Error && !f.Suppressed }

func compareFindings(a, b Finding) int {
	return cmp.Or(
		cmp.Compare(a.Env, b.Env),
		cmp.Compare(a.File, b.File),
		cmp.Compare(a.Severity, b.Severity),
		cmp.Compare(a.Rule, b.Rule),
		cmp.Compare(a.Resource, b.Resource),
		cmp.Compare(a.Message, b.Message),
	)
}

// Counts tallies findings.
type Counts struct {
	Errors     int `json:"errors"`
	Warnings   int `json:"warnings"`
	Suppressed int `json:"suppressed"`
}

// Result is everything one check found.
type Result struct {
	// Findings are sorted by environment, file, severity, rule and
	// resource.
	Findings []Finding
	// Judged maps an environment and a rule ID to the logical IDs the rule
	// examined there, sorted: the resources that satisfy the rule are
	// these, less those with an unsuppressed finding.
	Judged map[string]map[string][]string
	// Envs are the environments judged, in the order given.
	Envs []string
}

// Failed reports whether any finding blocks.
func (r *Result) Failed() bool {
	return slices.ContainsFunc(r.Findings, Finding.Blocks)
}

// Counts tallies the findings: suppressed ones count only as suppressed.
func (r *Result) Counts() Counts {
	var c Counts
	for _, f := range r.Findings {
		switch {
		case f.Suppressed:
			c.Suppressed++
		case f.Severity == Error:
			c.Errors++
		default:
			c.Warnings++
		}
	}
	return c
}

// ForEnv returns the findings of one environment.
func (r *Result) ForEnv(env string) []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Env == env {
			out = append(out, f)
		}
	}
	return out
}
