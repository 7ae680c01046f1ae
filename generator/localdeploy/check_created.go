package localdeploy

import (
	"context"
	"fmt"
)

// checkCreated reports every template resource the stack does not hold.
// On a stack that completed, moto leaves out exactly the types it cannot
// create, so such a resource is skipped rather than failed.
func checkCreated(_ context.Context, k *checker) []result {
	all := k.tmpl.Resources()
	var out []result
	created := 0
	for _, r := range all {
		if _, ok := k.physical(r.LogicalID); ok {
			created++
			continue
		}
		out = append(out, skip(r.LogicalID, r.Type+" created", gapUnsupportedType))
	}

	what := fmt.Sprintf("stack complete: %d of %d resources created, %d of types moto skips (listed below)",
		created, len(all), len(all)-created)
	if k.stack.Status != "CREATE_COMPLETE" && k.stack.Status != "UPDATE_COMPLETE" {
		return append([]result{fail("(stack)", what, "stack is %s", k.stack.Status)}, out...)
	}
	return append([]result{pass("(stack)", what)}, out...)
}
