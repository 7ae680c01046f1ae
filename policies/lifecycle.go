package policies

// Lifecycle: an environment's resources live and die with its stack.
func init() {
	register(&Rule{
		ID: "LIFE-001", Title: "Resources are deleted with their stack",
		Severity: Error, SOC2: []string{"C1.2", "CC8.1"},
		Problem: "A retained or snapshotted resource outlives its stack: its data stays behind, outside the stack's keys, tags and reviews, and it blocks the next deployment of the same names.",
		Fix:     "Set DeletionPolicy and UpdateReplacePolicy to Delete.",
		check:   checkDeletePolicies,
	})
}

func checkDeletePolicies(j *judge) {
	for _, r := range j.t.All() {
		var problems []string
		if r.DeletionPolicy != "Delete" {
			problems = append(problems, "DeletionPolicy is "+policyOrUnset(r.DeletionPolicy)+", not Delete")
		}
		if r.UpdateReplacePolicy != "Delete" {
			problems = append(problems, "UpdateReplacePolicy is "+policyOrUnset(r.UpdateReplacePolicy)+", not Delete")
		}
		j.verdict(r.ID, problems)
	}
}

func policyOrUnset(p string) string {
	if p == "" {
		return "not set"
	}
	return p
}
