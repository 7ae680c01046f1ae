package ops

import (
	"context"
	"fmt"
	"io"
	"strings"
)

// Destroy empties the environment's buckets, deletes its main stack, then
// its bootstrap stack unless asked to keep it, waiting for each, and says
// what remains. Destroying a protected environment's stacks needs Confirm
// set to its name.
func Destroy(ctx context.Context, o Options, stdout, stderr io.Writer) error {
	s, err := open(ctx, o, stdout, stderr)
	if err != nil {
		return err
	}
	defer s.close()

	stacks := []generated{s.env.Main}
	if !s.o.KeepBootstrap {
		stacks = append(stacks, s.env.Bootstrap)
	}
	found := map[string]*stackState{}
	for _, g := range stacks {
		st, err := s.lookupStack(ctx, g.Deploy.StackName)
		if err != nil {
			return err
		}
		if st != nil {
			found[g.Deploy.StackName] = st
		}
	}
	if len(found) == 0 {
		s.stage("destroying %s", s.env.Name)
		fmt.Fprintf(s.w, "   no stack of %s found in account %s (%s): nothing to delete\n",
			s.env.Name, s.account, stackNames(stacks))
		return s.remains(ctx, nil, false)
	}
	if err := s.refuseProtected(stacks, found); err != nil {
		return err
	}
	var keys []Resource
	for _, g := range stacks {
		k, err := s.destroyStack(ctx, g, found[g.Deploy.StackName])
		if err != nil {
			return err
		}
		keys = append(keys, k...)
	}
	return s.remains(ctx, keys, true)
}

// refuseProtected refuses to destroy a protected environment's stacks
// unless Confirm names it, saying which stacks exist and how each is
// protected.
func (s *session) refuseProtected(stacks []generated, found map[string]*stackState) error {
	if !s.env.Main.Deploy.TerminationProtection || s.o.Confirm == s.env.Name {
		return nil
	}
	var have []string
	for _, g := range stacks {
		st := found[g.Deploy.StackName]
		if st == nil {
			continue
		}
		protection := "termination protection off"
		if st.EnableTerminationProtection {
			protection = "termination protection on"
		}
		have = append(have, fmt.Sprintf("%s (%s, %s)", st.StackName, st.StackStatus, protection))
	}
	return fmt.Errorf("refusing to destroy %s: it is a protected environment, and destroying its stack(s) %s "+
		"deletes all of the environment's data; to go ahead run make destroy ENV=%s CONFIRM=%s",
		s.env.Name, strings.Join(have, ", "), s.env.Name, s.env.Name)
}

func stackNames(stacks []generated) string {
	names := make([]string, len(stacks))
	for i, g := range stacks {
		names[i] = g.Deploy.StackName
	}
	return strings.Join(names, ", ")
}

// destroyStack empties the stack's buckets and deletes it, returning its
// keys, which outlive it for their pending window.
// A stack holding only a change set is deleted too; st is nil when there
// is no stack.
func (s *session) destroyStack(ctx context.Context, g generated, st *stackState) ([]Resource, error) {
	name := g.Deploy.StackName
	s.stage("destroying stack %s", name)
	if st == nil {
		fmt.Fprintf(s.w, "   %s does not exist: nothing to delete\n", name)
		return nil, nil
	}
	res, err := s.resources(ctx, name)
	if err != nil {
		return nil, err
	}
	var keys []Resource
	for _, r := range res {
		switch r.Type {
		case "AWS::CloudTrail::Trail":
			s.stopTrail(ctx, r)
		case "AWS::KMS::Key":
			keys = append(keys, r)
		}
	}
	for _, r := range res {
		if r.Type == "AWS::S3::Bucket" {
			if err := s.emptyBucket(ctx, r.PhysicalID); err != nil {
				return nil, err
			}
		}
	}
	if s.o.Stand != nil {
		if err := s.o.Stand.Deleting(ctx, s.w, res); err != nil {
			return nil, err
		}
	}
	if st.EnableTerminationProtection {
		if _, err := s.aws.run(ctx, "cloudformation", "update-termination-protection",
			"--no-enable-termination-protection", "--stack-name", name); err != nil {
			return nil, err
		}
		fmt.Fprintf(s.w, "   termination protection of %s is off, as CONFIRM=%s asked\n", name, s.env.Name)
	}
	return keys, s.deleteStack(ctx, name)
}

// stopTrail stops the trail writing log files into the audit bucket while
// it is emptied; the stack deletes the trail anyway.
func (s *session) stopTrail(ctx context.Context, r Resource) {
	_, err := s.aws.run(ctx, "cloudtrail", "stop-logging", "--name", r.PhysicalID)
	switch {
	case err == nil:
		fmt.Fprintf(s.w, "   stopped trail %s, so that no log file lands in the audit bucket once it is empty\n", r.PhysicalID)
	default:
		fmt.Fprintf(s.w, "   could not stop trail %s (%v); if the audit bucket fills again before the stack "+
			"deletes it, run make destroy again\n", r.PhysicalID, err)
	}
}

// deleteStack deletes a stack and waits until it is gone.
func (s *session) deleteStack(ctx context.Context, name string) error {
	if _, err := s.aws.run(ctx, "cloudformation", "delete-stack", "--stack-name", name); err != nil {
		return fmt.Errorf("delete stack %s: %w", name, err)
	}
	if _, err := s.aws.run(ctx, "cloudformation", "wait", "stack-delete-complete", "--stack-name", name); err != nil {
		return fmt.Errorf("wait for stack %s to go: %w\nIts events say why: "+
			"aws cloudformation describe-stack-events --stack-name %s; fix that and run make destroy ENV=%s again",
			name, err, name, s.env.Name)
	}
	st, err := s.lookupStack(ctx, name)
	if err != nil {
		return err
	}
	if st != nil && st.StackStatus != "DELETE_COMPLETE" {
		return fmt.Errorf("stack %s is %s after its deletion", name, st.StackStatus)
	}
	fmt.Fprintf(s.w, "   stack %s deleted\n", name)
	return nil
}

// remains says what outlives the stacks: keys pending deletion, and the
// secret, which was never the stack's; deleted says whether any stack was.
func (s *session) remains(ctx context.Context, keys []Resource, deleted bool) error {
	s.stage("what remains")
	for _, k := range keys {
		var out struct {
			KeyMetadata struct {
				KeyState, Arn               string
				DeletionDate                string
				PendingDeletionWindowInDays int
			}
		}
		err := s.aws.query(ctx, &out, "kms", "describe-key", "--key-id", k.PhysicalID)
		switch {
		case says(err, "NotFoundException", "does not exist"):
			fmt.Fprintf(s.w, "   KMS key %s (%s) no longer exists\n", k.LogicalID, k.PhysicalID)
			continue
		case err != nil:
			fmt.Fprintf(s.w, "   KMS key %s (%s): %v\n", k.LogicalID, k.PhysicalID, err)
			continue
		}
		m := out.KeyMetadata
		if m.KeyState == "PendingDeletion" {
			fmt.Fprintf(s.w, "   KMS key %s (%s) is pending deletion until %s (a %d-day window; "+
				"aws kms cancel-key-deletion --key-id %s takes it back); it costs nothing meanwhile\n",
				k.LogicalID, m.Arn, orUnknown(m.DeletionDate), m.PendingDeletionWindowInDays, k.PhysicalID)
			continue
		}
		fmt.Fprintf(s.w, "   KMS key %s (%s) is %s\n", k.LogicalID, m.Arn, m.KeyState)
	}
	if arn := s.env.Main.SecretARN; arn != "" {
		var sec struct{ RotationEnabled bool }
		err := s.aws.query(ctx, &sec, "secretsmanager", "describe-secret", "--secret-id", arn)
		switch {
		case says(err, "ResourceNotFoundException"):
			fmt.Fprintf(s.w, "   secret %s does not exist: it was never created, or was deleted\n", arn)
		case err != nil:
			fmt.Fprintf(s.w, "   secret %s: %v\n", arn, err)
		case sec.RotationEnabled:
			// Deleting the schedule should have cancelled it; a secret left
			// rotating against a deleted function fails every rotation.
			fmt.Fprintf(s.w, "   secret %s stays: it was never the stack's, but its rotation is still on "+
				"and its function is gone: aws secretsmanager cancel-rotate-secret --secret-id %s\n", arn, arn)
		default:
			fmt.Fprintf(s.w, "   secret %s stays: it was never the stack's; its rotation is off\n", arn)
		}
	}
	if deleted {
		fmt.Fprintf(s.w, "   CloudWatch log groups, the trail, the functions and the network went with the stack%s\n",
			keptBootstrap(s.o.KeepBootstrap, s.env.Bootstrap.Deploy.StackName))
	}
	return nil
}

func keptBootstrap(kept bool, name string) string {
	if !kept {
		return ""
	}
	return "; the bootstrap stack " + name + " and its artifact bucket stay, as asked"
}

func orUnknown(s string) string {
	if strings.TrimSpace(s) == "" {
		return "a date KMS did not give"
	}
	return s
}
