package policies

import (
	"strings"
)

// The rules about suppressions themselves. They are applied after every
// other rule and cannot be suppressed.
var (
	ruleSuppressionValid = &Rule{
		ID: "SUP-001", Title: "Suppressions name a rule, a resource and a reason",
		Severity: Error, SOC2: []string{"CC3.4", "CC8.1"},
		Problem: "A suppression that names no known rule, no resource of the template, or gives no reason waives nothing an auditor can follow.",
		Fix:     "Name an existing rule ID and logical ID in the suppression and say why the finding is accepted, or remove it.",
	}
	ruleSuppressionUsed = &Rule{
		ID: "SUP-002", Title: "Suppressions waive a finding that still occurs",
		Severity: Warning, SOC2: []string{"CC3.4", "CC8.1"},
		Problem: "A suppression that matches no finding is stale: it would silently waive the finding if the weakness came back.",
		Fix:     "Remove the suppression from the spec.",
	}
)

func init() { register(ruleSuppressionValid, ruleSuppressionUsed) }

// suppress marks the findings the spec waives, then judges the
// suppressions of the subjects themselves.
func suppress(rec *recorder, subjects, everyone []*Subject) {
	used := map[*Subject][]bool{}
	for _, s := range everyone {
		used[s] = make([]bool, len(s.Suppressions))
	}
	byEnv := map[string]*Subject{}
	for _, s := range everyone {
		byEnv[s.Env] = s
	}
	for i := range rec.res.Findings {
		f := &rec.res.Findings[i]
		s := byEnv[f.Env]
		if s == nil || strings.HasPrefix(f.Rule, "SUP-") {
			continue
		}
		for k, sup := range s.Suppressions {
			if sup.Rule == f.Rule && sup.Resource == f.Resource && strings.TrimSpace(sup.Reason) != "" {
				f.Suppressed, f.Reason = true, sup.Reason
				used[s][k] = true
			}
		}
	}
	for _, s := range subjects {
		for k, sup := range s.Suppressions {
			judgeSuppression(rec, s, sup, used[s][k])
		}
	}
}

func judgeSuppression(rec *recorder, s *Subject, sup Suppression, used bool) {
	id := sup.Resource
	if id == "" {
		id = "(none)"
	}
	var problems []string
	if _, ok := Lookup(sup.Rule); !ok || strings.HasPrefix(sup.Rule, "SUP-") {
		problems = append(problems, "suppression names rule "+quote(sup.Rule)+", which is not in the catalogue")
	}
	if s.Template.Resource(sup.Resource) == nil {
		problems = append(problems, "suppression of "+sup.Rule+" names resource "+quote(sup.Resource)+", which the template does not have")
	}
	if strings.TrimSpace(sup.Reason) == "" {
		problems = append(problems, "suppression of "+sup.Rule+" on "+id+" gives no reason")
	}
	for _, p := range problems {
		rec.add(ruleSuppressionValid, s, id, sup.Key, sentence("%s", p))
	}
	rec.judged(s.Env, ruleSuppressionValid.ID, id)
	if len(problems) > 0 {
		return
	}
	rec.judged(s.Env, ruleSuppressionUsed.ID, id)
	if !used {
		rec.add(ruleSuppressionUsed, s, id, sup.Key,
			sentence("suppression of %s on %s matches no finding", sup.Rule, id))
	}
}

func quote(s string) string { return `"` + s + `"` }
