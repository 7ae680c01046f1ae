package localdeploy

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
)

// checkKMSKeys checks that every key rotates, and on the period the
// template sets.
func checkKMSKeys(ctx context.Context, k *checker) []result {
	var out []result
	for _, r := range k.tmpl.ResourcesOfType("AWS::KMS::Key") {
		id, ok := k.physical(r.LogicalID)
		if !ok {
			continue
		}

		st, err := k.c.kms.GetKeyRotationStatus(ctx, &kms.GetKeyRotationStatusInput{KeyId: aws.String(id)})
		if err != nil {
			out = append(out, fail(r.LogicalID, "key rotation on", "%v", err))
			continue
		}
		out = append(out, keyRotation(r, st))
		if p, ok := r.Properties["RotationPeriodInDays"]; ok {
			out = append(out, rotationPeriod(r.LogicalID, fmt.Sprint(p), st))
		}
	}
	return out
}

func keyRotation(r Resource, st *kms.GetKeyRotationStatusOutput) result {
	const what = "key rotation on"
	if on, _ := r.Properties["EnableKeyRotation"].(bool); !on {
		return fail(r.LogicalID, what, "the template does not set EnableKeyRotation: true")
	}
	if !st.KeyRotationEnabled {
		return fail(r.LogicalID, what, "rotation is off")
	}
	return pass(r.LogicalID, what)
}

func rotationPeriod(id, want string, st *kms.GetKeyRotationStatusOutput) result {
	what := "rotation period " + want + " days"
	if st.RotationPeriodInDays == nil {
		return skip(id, what, gapRotationPeriod)
	}
	if got := fmt.Sprint(*st.RotationPeriodInDays); got != want {
		return fail(id, what, "period is %s days", got)
	}
	return pass(id, what)
}
