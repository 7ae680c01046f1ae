package localdeploy

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
)

// status is the outcome of one check.
type status string

const (
	statusOK      status = "ok"
	statusFail    status = "FAIL"
	statusSkipped status = "skipped"
)

// result is one check on one resource.
type result struct {
	LogicalID string
	// What names the control checked, e.g. "key rotation on".
	What   string
	Status status
	// Detail says, for a failure, what was expected and found; for a skip,
	// why moto cannot answer.
	Detail string
}

func pass(id, what string) result { return result{id, what, statusOK, ""} }

func fail(id, what, format string, args ...any) result {
	return result{id, what, statusFail, fmt.Sprintf(format, args...)}
}

func skip(id, what string, g gap) result {
	return result{id, what, statusSkipped, "moto: " + string(g)}
}

// String is the line printed for the result.
func (r result) String() string {
	line := fmt.Sprintf("%-7s %-28s %s", r.Status, r.LogicalID, r.What)
	switch r.Status {
	case statusFail:
		line += ": " + r.Detail
	case statusSkipped:
		line += " (" + r.Detail + ")"
	}
	return line
}

// checker holds what every check needs.
type checker struct {
	c     *clients
	tmpl  *Template
	res   resolver
	stack stack
	keys  map[string]string
}

// check is one family of checks, over every resource of one type.
type check func(ctx context.Context, k *checker) []result

// checks runs in this order; each follows the template's resources of one
// type, so it checks whatever the generator emits.
var checks = []check{
	checkCreated,
	checkKMSKeys,
	checkBuckets,
	checkVPCEndpoints,
	checkLogGroups,
	checkQueues,
	checkFunctions,
}

// runChecks runs every check, prints one line per result and returns the
// results.
func runChecks(ctx context.Context, w io.Writer, k *checker) []result {
	var all []result
	for _, c := range checks {
		for _, r := range c(ctx, k) {
			fmt.Fprintln(w, "   "+r.String())
			all = append(all, r)
		}
	}
	return all
}

// physical returns a resource's physical ID; ok is false when the stack has
// no such resource, which checkCreated reports.
func (k *checker) physical(id string) (string, bool) {
	p, ok := k.stack.physicalIDs()[id]
	return p, ok
}

// keyID turns any way of naming a KMS key (ID, ARN, alias) into its key ID.
func (k *checker) keyID(ctx context.Context, ref string) (string, error) {
	if id, ok := k.keys[ref]; ok {
		return id, nil
	}

	out, err := k.c.kms.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(ref)})
	if err != nil {
		return "", fmt.Errorf("describe KMS key %s: %w", ref, err)
	}
	id := aws.ToString(out.KeyMetadata.KeyId)
	k.keys[ref] = id
	return id, nil
}

// sameKey compares a key the template names with one the API reports.
// It returns a failure detail, or "" when both name the same key.
func (k *checker) sameKey(ctx context.Context, want any, got string) string {
	ref, err := k.res.str(want)
	if err != nil {
		return err.Error()
	}
	if got == "" {
		return fmt.Sprintf("no key set, want %s", ref)
	}

	wantID, err := k.keyID(ctx, ref)
	if err != nil {
		return err.Error()
	}
	gotID, err := k.keyID(ctx, got)
	if err != nil {
		return err.Error()
	}
	if wantID != gotID {
		return fmt.Sprintf("encrypted with %s, want %s", got, ref)
	}
	return ""
}

// summary counts results by status.
func summary(results []result) (ok, failed, skipped int, failures []string) {
	for _, r := range results {
		switch r.Status {
		case statusOK:
			ok++
		case statusFail:
			failed++
			failures = append(failures, r.LogicalID+" "+r.What+": "+r.Detail)
		case statusSkipped:
			skipped++
		}
	}
	return ok, failed, skipped, failures
}

func joinLines(lines []string) string {
	return "  " + strings.Join(lines, "\n  ")
}
