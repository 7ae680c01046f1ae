package policies

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/securepipe/securepipe/policies/template"
)

// Subject is one environment's template to judge.
type Subject struct {
	// Env names the environment.
	Env string
	// Suffix ends the environment's resource names. When empty it is read
	// from the template: its Metadata.Spec.Suffix, else the Environment
	// tag most of its resources carry.
	Suffix string
	// Template is the parsed template.
	Template *template.Template
	// Suppressions waive findings of this environment.
	Suppressions []Suppression
	// Locate returns the spec file and line of a key of the environment's
	// entry (such as vpcCidr or suppressions.0); nil without a spec.
	Locate func(key string) (file string, line int)
}

// Suppression waives one rule for one resource of an environment.
type Suppression struct {
	Rule     string
	Resource string
	Reason   string
	// Key is the suppression's key in the environment's spec entry, such
	// as suppressions.0, used to locate it.
	Key string
}

// Input is what one check judges.
type Input struct {
	// Subjects are judged by every rule.
	Subjects []Subject
	// Peers take part only in the cross-environment rules, so that one
	// environment can be generated while the others still constrain it. A
	// peer with the same Env as a subject is left out.
	Peers []Subject
}

// Check runs every rule of the catalogue, applies the suppressions and
// returns the findings sorted. Cross-environment rules run when at least two
// environments take part. A template with conditions is judged under each
// choice of them (template.Variants), and a finding in any counts.
func Check(in Input) *Result {
	res := &Result{Judged: map[string]map[string][]string{}}
	subjects := make([]*Subject, len(in.Subjects))
	for i := range in.Subjects {
		s := in.Subjects[i]
		if s.Suffix == "" {
			s.Suffix = inferSuffix(s.Template)
		}
		subjects[i] = &s
		res.Envs = append(res.Envs, s.Env)
	}
	rec := &recorder{res: res}
	everyone := withPeers(subjects, in.Peers)
	variants := map[*Subject][]template.Variant{}
	for _, s := range everyone {
		variants[s] = s.Template.Variants()
	}
	for _, r := range catalogue {
		if r.check == nil {
			continue
		}
		for _, s := range subjects {
			judgeVariants(rec, r, s, variants[s])
		}
	}
	if len(everyone) >= 2 {
		for _, r := range catalogue {
			if r.across != nil {
				judgeAcross(rec, r, everyone, variants)
			}
		}
	}
	suppress(rec, subjects, everyone)
	slices.SortFunc(res.Findings, compareFindings)
	for _, byRule := range res.Judged {
		for id, ids := range byRule {
			sort.Strings(ids)
			byRule[id] = slices.Compact(ids)
		}
	}
	return res
}

func withPeers(subjects []*Subject, peers []Subject) []*Subject {
	out := slices.Clone(subjects)
	for i := range peers {
		p := peers[i]
		if slices.ContainsFunc(subjects, func(s *Subject) bool { return s.Env == p.Env }) {
			continue
		}
		if p.Suffix == "" {
			p.Suffix = inferSuffix(p.Template)
		}
		out = append(out, &p)
	}
	return out
}

// inferSuffix reads the suffix a template was generated for.
func inferSuffix(t *template.Template) string {
	if s, ok := template.Get(t.Metadata, "Spec", "Suffix").(string); ok && s != "" {
		return s
	}
	votes := map[string]int{}
	best := ""
	for _, r := range t.All() {
		tags, _ := r.Tags()
		if v, ok := tags["Environment"].(string); ok {
			votes[v]++
			if votes[v] > votes[best] || (votes[v] == votes[best] && v < best) {
				best = v
			}
		}
	}
	return best
}

// recorder collects the findings and judged resources of a check.
type recorder struct {
	res *Result
}

func (rec *recorder) judged(env, rule, id string) {
	byRule, ok := rec.res.Judged[env]
	if !ok {
		byRule = map[string][]string{}
		rec.res.Judged[env] = byRule
	}
	byRule[rule] = append(byRule[rule], id)
}

func (rec *recorder) add(r *Rule, s *Subject, id, specKey, msg string) {
	rec.judged(s.Env, r.ID, id)
	f := Finding{
		Rule: r.ID, Severity: r.Severity, Env: s.Env, Resource: id,
		File: s.Template.File, Message: msg, Fix: r.Fix,
	}
	if res := s.Template.Resource(id); res != nil {
		f.Line = res.Line
	}
	if specKey != "" && s.Locate != nil {
		f.SpecFile, f.SpecLine = s.Locate(specKey)
	}
	rec.res.Findings = append(rec.res.Findings, f)
}

// judge is what a template rule sees: one subject and a way to report.
type judge struct {
	*recorder
	rule *Rule
	s    *Subject
	t    *template.Template
}

// pass records that the rule examined resource id and found it sound.
func (j *judge) pass(id string) { j.judged(j.s.Env, j.rule.ID, id) }

// fail reports resource id.
func (j *judge) fail(id, format string, args ...any) {
	j.add(j.rule, j.s, id, "", sentence(format, args...))
}

// failSpec reports resource id and the spec key that decides it.
func (j *judge) failSpec(id, specKey, format string, args ...any) {
	j.add(j.rule, j.s, id, specKey, sentence(format, args...))
}

// verdict passes id when problems is empty and fails it with each problem
// otherwise.
func (j *judge) verdict(id string, problems []string) {
	if len(problems) == 0 {
		j.pass(id)
		return
	}
	for _, p := range problems {
		j.fail(id, "%s", p)
	}
}

// panel is what a cross-environment rule sees: every environment.
type panel struct {
	*recorder
	rule     *Rule
	subjects []*Subject
}

func (p *panel) pass(s *Subject, id string) { p.judged(s.Env, p.rule.ID, id) }

func (p *panel) fail(s *Subject, id, specKey, format string, args ...any) {
	p.add(p.rule, s, id, specKey, sentence(format, args...))
}

// sentence formats a message and makes sure it ends with a full stop.
func sentence(format string, args ...any) string {
	msg := fmt.Sprintf(format, args...)
	if msg != "" && !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}
