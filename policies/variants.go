package policies

import (
	"slices"
	"strings"

	"github.com/securepipe/securepipe/policies/template"
)

// Conditions: a template with Fn::If or conditional resources is judged
// under every choice of its conditions (template.Variants), and a finding
// in any variant counts, once. A finding that does not occur in every
// variant says under which conditions it does.

// judgeVariants runs a template rule on every variant of s.
func judgeVariants(rec *recorder, r *Rule, s *Subject, variants []template.Variant) {
	if len(variants) == 1 {
		r.check(&judge{recorder: rec, rule: r, s: s, t: variants[0].Template})
		return
	}
	m := newMerger(rec)
	for i, v := range variants {
		tmp := m.fork()
		r.check(&judge{recorder: tmp, rule: r, s: s, t: v.Template})
		m.take(tmp, func(string) int { return i })
	}
	m.flush(func(string) []template.Variant { return variants })
}

// judgeAcross runs a cross-environment rule on the environments' variants
// side by side: the i-th round takes each environment's i-th variant, or
// its last when it has fewer.
func judgeAcross(rec *recorder, r *Rule, subjects []*Subject, variants map[*Subject][]template.Variant) {
	rounds := 1
	for _, s := range subjects {
		rounds = max(rounds, len(variants[s]))
	}
	if rounds == 1 {
		r.across(&panel{recorder: rec, rule: r, subjects: subjects})
		return
	}
	byEnv := map[string][]template.Variant{}
	for _, s := range subjects {
		byEnv[s.Env] = variants[s]
	}
	m := newMerger(rec)
	for i := range rounds {
		round := make([]*Subject, len(subjects))
		for k, s := range subjects {
			c := *s
			c.Template = variants[s][min(i, len(variants[s])-1)].Template
			round[k] = &c
		}
		tmp := m.fork()
		r.across(&panel{recorder: tmp, rule: r, subjects: round})
		m.take(tmp, func(env string) int { return min(i, len(byEnv[env])-1) })
	}
	m.flush(func(env string) []template.Variant { return byEnv[env] })
}

// merger collects one rule's findings over several variants.
type merger struct {
	rec   *recorder
	order []string
	found map[string]*variantFinding
}

type variantFinding struct {
	f  Finding
	in []int // the variants the finding occurs in
}

func newMerger(rec *recorder) *merger {
	return &merger{rec: rec, found: map[string]*variantFinding{}}
}

func (m *merger) fork() *recorder {
	return &recorder{res: &Result{Judged: map[string]map[string][]string{}}}
}

// take records what one variant's run judged and found; variant says
// which variant of an environment the run judged.
func (m *merger) take(tmp *recorder, variant func(env string) int) {
	for env, byRule := range tmp.res.Judged {
		for rule, ids := range byRule {
			for _, id := range ids {
				m.rec.judged(env, rule, id)
			}
		}
	}
	for _, f := range tmp.res.Findings {
		key := strings.Join([]string{f.Env, f.Resource, f.Message}, "\x00")
		vf, ok := m.found[key]
		if !ok {
			vf = &variantFinding{f: f}
			m.found[key] = vf
			m.order = append(m.order, key)
		}
		if i := variant(f.Env); !slices.Contains(vf.in, i) {
			vf.in = append(vf.in, i)
		}
	}
}

// flush adds the findings, each once, saying under which conditions the
// ones that some variants escape occur.
func (m *merger) flush(variants func(env string) []template.Variant) {
	for _, key := range m.order {
		vf := m.found[key]
		all := variants(vf.f.Env)
		if len(vf.in) < len(all) {
			vf.f.Message = strings.TrimSuffix(vf.f.Message, ".") + " (when " + whenText(all, vf.in) + ")."
		}
		m.rec.res.Findings = append(m.rec.res.Findings, vf.f)
	}
}

// whenText describes the variants in: by the conditions they all share
// when exactly the variants sharing them are in, else by the first one.
func whenText(all []template.Variant, in []int) string {
	first := all[in[0]].Conditions
	shared := map[string]bool{}
	for name, v := range first {
		same := true
		for _, i := range in {
			same = same && all[i].Conditions[name] == v
		}
		if same {
			shared[name] = v
		}
	}
	matching := 0
	for _, v := range all {
		if agrees(v.Conditions, shared) {
			matching++
		}
	}
	if matching == len(in) && len(shared) > 0 {
		return template.DescribeConditions(shared)
	}
	return template.DescribeConditions(first)
}

func agrees(conds, want map[string]bool) bool {
	for name, v := range want {
		if conds[name] != v {
			return false
		}
	}
	return true
}
