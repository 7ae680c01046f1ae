package report

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/securepipe/securepipe/policies"
)

// Evidence describes the environment an evidence page is about.
type Evidence struct {
	// Title names the system, such as "pipeline prod".
	Title string
	Env   string
	// Template and TemplateSHA256 identify the template judged.
	Template       string
	TemplateSHA256 string
	// Spec and SpecSHA256 identify the spec it was generated from.
	Spec       string
	SpecSHA256 string
	// Generator names the generator and its version.
	Generator string
	// Resources is how many resources the template declares.
	Resources int
}

// WriteEvidence writes the Markdown page an auditor asks for: for each
// SOC 2 criterion, the rules that support it, the resources that satisfy
// each rule, and every suppression with its reason.
func WriteEvidence(w io.Writer, e Evidence, res *policies.Result) error {
	findings := res.ForEnv(e.Env)
	judged := res.Judged[e.Env]
	var b strings.Builder
	writeHeader(&b, e, res, findings)
	writeCriteriaTable(&b, judged, findings)
	for _, c := range policies.Criteria {
		rules := policies.RulesFor(c.ID)
		if len(rules) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n## %s %s\n\n%s\n\n", c.ID, c.Title, c.Summary)
		b.WriteString("| Rule | Title | Security Hub | Result | Resources that satisfy it |\n")
		b.WriteString("|---|---|---|---|---|\n")
		for _, r := range rules {
			status, satisfied := outcome(r, judged[r.ID], findings)
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", r.ID, cell(r.Title),
				orDash(strings.Join(r.SecurityHub, ", ")), status, orDash(strings.Join(satisfied, ", ")))
		}
	}
	writeSuppressions(&b, findings)
	writeFindings(&b, findings)
	_, err := io.WriteString(w, b.String())
	return err
}

func writeHeader(b *strings.Builder, e Evidence, res *policies.Result, findings []policies.Finding) {
	c := (&policies.Result{Findings: findings}).Counts()
	fmt.Fprintf(b, "# Compliance evidence: %s\n\n", e.Title)
	b.WriteString("Generated with the template it describes; it changes only when the template, the spec or the rules change.\n\n")
	b.WriteString("| | |\n|---|---|\n")
	fmt.Fprintf(b, "| Environment | %s |\n", e.Env)
	fmt.Fprintf(b, "| Template | `%s` (SHA-256 `%s`) |\n", e.Template, e.TemplateSHA256)
	if e.Spec != "" {
		fmt.Fprintf(b, "| Spec | `%s` (SHA-256 `%s`) |\n", e.Spec, e.SpecSHA256)
	}
	fmt.Fprintf(b, "| Generator | %s |\n", e.Generator)
	fmt.Fprintf(b, "| Checked | %d rules on %d resources |\n", len(policies.Rules()), e.Resources)
	fmt.Fprintf(b, "| Result | %s, %s, %d suppressed |\n", count(c.Errors, "error"), count(c.Warnings, "warning"), c.Suppressed)
}

func writeCriteriaTable(b *strings.Builder, judged map[string][]string, findings []policies.Finding) {
	b.WriteString("\n## Criteria\n\n| Criterion | Title | Rules | Passed | Waived | Failed | Not applicable |\n|---|---|---|---|---|---|---|\n")
	for _, c := range policies.Criteria {
		rules := policies.RulesFor(c.ID)
		if len(rules) == 0 {
			continue
		}
		tally := map[string]int{}
		for _, r := range rules {
			status, _ := outcome(r, judged[r.ID], findings)
			tally[status]++
		}
		fmt.Fprintf(b, "| %s | %s | %d | %d | %d | %d | %d |\n", c.ID, c.Title, len(rules),
			tally[statusPass], tally[statusWaived], tally[statusFail]+tally[statusWarn], tally[statusNA])
	}
}

const (
	statusPass   = "pass"
	statusFail   = "**fail**"
	statusWarn   = "warning"
	statusWaived = "waived"
	statusNA     = "not applicable"
)

// outcome says how a rule fared in the environment and which of the
// resources it judged satisfy it.
func outcome(r policies.Rule, judged []string, findings []policies.Finding) (string, []string) {
	failing := map[string]bool{}
	status := statusPass
	waived := false
	for _, f := range findings {
		if f.Rule != r.ID {
			continue
		}
		if f.Suppressed {
			waived = true
			failing[f.Resource] = true
			continue
		}
		failing[f.Resource] = true
		if f.Severity == policies.Error {
			status = statusFail
		} else if status != statusFail {
			status = statusWarn
		}
	}
	var satisfied []string
	for _, id := range judged {
		if !failing[id] {
			satisfied = append(satisfied, id)
		}
	}
	switch {
	case status != statusPass:
	case waived:
		status = statusWaived
	case len(judged) == 0:
		status = statusNA
	}
	return status, satisfied
}

func writeSuppressions(b *strings.Builder, findings []policies.Finding) {
	b.WriteString("\n## Suppressions\n\n")
	var waived []policies.Finding
	for _, f := range findings {
		if f.Suppressed {
			waived = append(waived, f)
		}
	}
	if len(waived) == 0 {
		b.WriteString("None: no finding of this environment is waived.\n")
		return
	}
	b.WriteString("| Rule | Resource | Finding | Reason |\n|---|---|---|---|\n")
	for _, f := range waived {
		fmt.Fprintf(b, "| %s | %s | %s | %s |\n", f.Rule, f.Resource, cell(f.Message), cell(f.Reason))
	}
}

func writeFindings(b *strings.Builder, findings []policies.Finding) {
	b.WriteString("\n## Open findings\n\n")
	open := slices.DeleteFunc(slices.Clone(findings), func(f policies.Finding) bool { return f.Suppressed })
	if len(open) == 0 {
		b.WriteString("None.\n")
		return
	}
	for _, f := range open {
		fmt.Fprintf(b, "- %s %s %s: %s Fix: %s\n", f.Severity, f.Rule, f.Resource, f.Message, f.Fix)
	}
}

func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
