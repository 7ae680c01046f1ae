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
	rounds := make([]map[string]bool, len(variants))
	for i, v := range variants {
		rounds[i] = v.Conditions
	}
	m := newMerger(rec, rounds)
	for i, v := range variants {
		tmp := m.fork()
		r.check(&judge{recorder: tmp, rule: r, s: s, t: v.Template})
		m.take(tmp, i)
	}
	m.flush()
}

// judgeAcross runs a cross-environment rule on the environments' variants
// side by side: round i takes each environment's i-th variant, or its last
// when it has fewer. Each environment's variants all take part, though not
// in every combination with the others'.
func judgeAcross(rec *recorder, r *Rule, subjects []*Subject, variants map[*Subject][]template.Variant) {
	n := 1
	for _, s := range subjects {
		n = max(n, len(variants[s]))
	}
	if n == 1 {
		r.across(&panel{recorder: rec, rule: r, subjects: subjects})
		return
	}
	rounds := make([][]*Subject, n)
	conds := make([]map[string]bool, n)
	for i := range n {
		conds[i] = map[string]bool{}
		for _, s := range subjects {
			vs := variants[s]
			v := vs[min(i, len(vs)-1)]
			c := *s
			c.Template = v.Template
			rounds[i] = append(rounds[i], &c)
			for name, value := range v.Conditions {
				conds[i][s.Env+"'s "+name] = value
			}
		}
	}
	m := newMerger(rec, conds)
	for i, round := range rounds {
		tmp := m.fork()
		r.across(&panel{recorder: tmp, rule: r, subjects: round})
		m.take(tmp, i)
	}
	m.flush()
}

// merger collects one rule's findings over several rounds, each judging
// the template under the conditions of that round.
type merger struct {
	rec    *recorder
	rounds []map[string]bool
	order  []string
	found  map[string]*roundFinding
}

type roundFinding struct {
	f  Finding
	in []int // the rounds the finding occurs in
}

func newMerger(rec *recorder, rounds []map[string]bool) *merger {
	return &merger{rec: rec, rounds: rounds, found: map[string]*roundFinding{}}
}

func (m *merger) fork() *recorder {
	return &recorder{res: &Result{Judged: map[string]map[string][]string{}}}
}

// take records what round i judged and found.
func (m *merger) take(tmp *recorder, i int) {
	for env, byRule := range tmp.res.Judged {
		for rule, ids := range byRule {
			for _, id := range ids {
				m.rec.judged(env, rule, id)
			}
		}
	}
	for _, f := range tmp.res.Findings {
		key := strings.Join([]string{f.Env, f.Resource, f.Message}, "\x00")
		rf, ok := m.found[key]
		if !ok {
			rf = &roundFinding{f: f}
			m.found[key] = rf
			m.order = append(m.order, key)
		}
		if !slices.Contains(rf.in, i) {
			rf.in = append(rf.in, i)
		}
	}
}

// flush adds the findings, each once, saying under which conditions the
// ones that some rounds escape occur.
func (m *merger) flush() {
	for _, key := range m.order {
		rf := m.found[key]
		if len(rf.in) < len(m.rounds) {
			rf.f.Message = strings.TrimSuffix(rf.f.Message, ".") + " (when " + m.when(rf.in) + ")."
		}
		m.rec.res.Findings = append(m.rec.res.Findings, rf.f)
	}
}

// when describes the rounds in: by the conditions they all share when
// exactly the rounds sharing them are in, else by the first one.
func (m *merger) when(in []int) string {
	first := m.rounds[in[0]]
	shared := map[string]bool{}
	for name, v := range first {
		same := true
		for _, i := range in {
			same = same && m.rounds[i][name] == v
		}
		if same {
			shared[name] = v
		}
	}
	matching := 0
	for _, conds := range m.rounds {
		if agrees(conds, shared) {
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
