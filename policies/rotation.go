package policies

import (
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/securepipe/securepipe/policies/template"
)

// maxRotationDays is the longest a secret may go unrotated; it is also
// Security Hub's default for SecretsManager.4.
const maxRotationDays = 90

func init() {
	register(&Rule{
		ID: "SEC-004", Title: "Secrets the functions read rotate at least every 90 days",
		Severity: Error, SOC2: []string{"CC6.1"}, SecurityHub: []string{"SecretsManager.1", "SecretsManager.4"},
		Problem: "A secret that never rotates keeps the same credentials and key material for ever; whoever once read it keeps what it guards.",
		Fix:     "Add an AWS::SecretsManager::RotationSchedule on the secret's ARN with a rotation function of the template and RotationRules of at most 90 days (secret.rotationDays in the spec).",
		check:   checkSecretsRotate,
	})
}

// checkSecretsRotate finds every secret an identity policy lets read, by
// literal ARN, and requires a schedule that rotates it often enough.
func checkSecretsRotate(j *judge) {
	readers := secretReaders(j.t)
	schedules := rotationDays(j.t)
	arns := make([]string, 0, len(readers))
	for arn := range readers {
		arns = append(arns, arn)
	}
	sort.Strings(arns)
	for _, arn := range arns {
		days, scheduled := schedules[arn]
		for _, reader := range readers[arn] {
			switch {
			case !scheduled:
				j.fail(reader, "the role reads secret %s, which no rotation schedule of the template rotates", arn)
			case days > maxRotationDays:
				j.fail(reader, "the role reads secret %s, which rotates every %d days, more than %d", arn, days, maxRotationDays)
			default:
				j.pass(reader)
			}
		}
	}
}

// secretReaders maps each secret ARN that an Allow of
// secretsmanager:GetSecretValue names to the resources holding such
// policies, sorted.
func secretReaders(t *template.Template) map[string][]string {
	out := map[string][]string{}
	for _, p := range t.Policies() {
		if p.Kind != template.Identity {
			continue
		}
		for _, s := range p.Policy.Statements {
			if !s.Allows() || !s.Covers("secretsmanager:GetSecretValue") {
				continue
			}
			for _, r := range s.Resource {
				arn, ok := template.Text(r)
				if ok && strings.Contains(arn, ":secretsmanager:") && !strings.Contains(arn, "*") &&
					!slices.Contains(out[arn], p.Resource.ID) {
					out[arn] = append(out[arn], p.Resource.ID)
					sort.Strings(out[arn])
				}
			}
		}
	}
	return out
}

var rateDays = regexp.MustCompile(`^rate\((\d+) days?\)$`)

// rotationDays maps each secret ARN a schedule rotates to its period in
// days; a cron schedule counts as a day.
func rotationDays(t *template.Template) map[string]int {
	out := map[string]int{}
	for _, r := range t.OfType("AWS::SecretsManager::RotationSchedule") {
		arn, ok := template.Text(r.Prop("SecretId"))
		if !ok {
			continue
		}
		days := maxRotationDays + 1
		if n, ok := r.Prop("RotationRules", "AutomaticallyAfterDays").(float64); ok {
			days = int(n)
		}
		if expr, ok := template.Text(r.Prop("RotationRules", "ScheduleExpression")); ok {
			if m := rateDays.FindStringSubmatch(expr); m != nil {
				days, _ = strconv.Atoi(m[1])
			} else if strings.HasPrefix(expr, "cron(") {
				days = 1
			}
		}
		out[arn] = days
	}
	return out
}
