package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/securepipe/securepipe/policies"
)

// Text writes one line per finding, then a summary line.
func Text(w io.Writer, res *policies.Result) error {
	var b strings.Builder
	for _, f := range res.Findings {
		b.WriteString(Line(f))
		b.WriteByte('\n')
	}
	b.WriteString(Summary(res))
	b.WriteByte('\n')
	_, err := io.WriteString(w, b.String())
	return err
}

// Line formats one finding: severity, rule ID, environment, logical ID,
// message, fix and where to look.
func Line(f policies.Finding) string {
	var b strings.Builder
	b.WriteString(f.Severity.String())
	if f.Suppressed {
		b.WriteString(" (suppressed)")
	}
	fmt.Fprintf(&b, " %s", f.Rule)
	if f.Env != "" {
		fmt.Fprintf(&b, " [%s]", f.Env)
	}
	fmt.Fprintf(&b, " %s: %s", f.Resource, f.Message)
	if f.Suppressed {
		fmt.Fprintf(&b, " Waived: %s", strings.TrimSpace(f.Reason))
	} else {
		fmt.Fprintf(&b, " Fix: %s", f.Fix)
	}
	if where := locations(f); where != "" {
		fmt.Fprintf(&b, " (%s)", where)
	}
	return b.String()
}

func locations(f policies.Finding) string {
	var parts []string
	if f.File != "" {
		parts = append(parts, location(f.File, f.Line))
	}
	if f.SpecFile != "" {
		parts = append(parts, location(f.SpecFile, f.SpecLine))
	}
	return strings.Join(parts, "; ")
}

func location(file string, line int) string {
	if line > 0 {
		return fmt.Sprintf("%s:%d", file, line)
	}
	return file
}

// Summary is one line counting the findings.
func Summary(res *policies.Result) string {
	c := res.Counts()
	return fmt.Sprintf("%s, %d rules: %s, %s, %d suppressed",
		count(len(res.Envs), "template"), len(policies.Rules()),
		count(c.Errors, "error"), count(c.Warnings, "warning"), c.Suppressed)
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
