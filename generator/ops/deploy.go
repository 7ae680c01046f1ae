package ops

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// Deploy deploys the environment's main stack from out/ with the packaged
// functions, its tags and capabilities, through the artifact bucket, and
// protects it from deletion when the template says so.
func Deploy(ctx context.Context, o Options, stdout, stderr io.Writer) error {
	s, args, err := openMain(ctx, o, stdout, stderr, "deploying %s as stack %s")
	if err != nil {
		return err
	}
	defer s.close()

	g := s.env.Main
	if _, err := s.aws.run(ctx, args...); err != nil {
		return s.deployFailed(ctx, g, err)
	}
	if err := s.protect(ctx, g); err != nil {
		return err
	}
	_, err = s.deployed(ctx, g)
	return err
}

// openMain opens a session for the main stack: the deploy arguments, the
// stage announced with stage (a format taking the template and the stack),
// and the checks before deploying. The caller closes the session.
func openMain(ctx context.Context, o Options, stdout, stderr io.Writer, stage string) (*session, []string, error) {
	s, err := open(ctx, o, stdout, stderr)
	if err != nil {
		return nil, nil, err
	}
	args, err := s.mainDeployArgs(ctx)
	if err != nil {
		s.close()
		return nil, nil, err
	}
	g := s.env.Main
	s.stage(stage, g.Path, g.Deploy.StackName)
	if err := s.deploying(ctx, g); err != nil {
		s.close()
		return nil, nil, err
	}
	return s, args, nil
}

// Plan creates a change set of what deploying the environment's main stack
// would change and shows it, executing nothing.
func Plan(ctx context.Context, o Options, stdout, stderr io.Writer) error {
	s, args, err := openMain(ctx, o, stdout, stderr, "planning a deploy of %s to stack %s")
	if err != nil {
		return err
	}
	defer s.close()

	g := s.env.Main
	out, err := s.aws.run(ctx, append(args, "--no-execute-changeset")...)
	if err != nil {
		return fmt.Errorf("plan %s: %w", g.Deploy.StackName, err)
	}
	arn := changeSetARN.FindString(string(out))
	if arn == "" {
		if strings.Contains(string(out), "No changes to deploy") {
			fmt.Fprintf(s.w, "   no changes: stack %s already matches %s\n", g.Deploy.StackName, g.Path)
			return nil
		}
		return fmt.Errorf("plan %s: the CLI named no change set; it said:\n%s", g.Deploy.StackName, out)
	}
	return s.showChangeSet(ctx, arn)
}

// deploying refuses a stack that CloudFormation cannot update, and lets
// the stand-in prepare for a change set of it.
func (s *session) deploying(ctx context.Context, g generated) error {
	st, err := s.describeStack(ctx, g.Deploy.StackName)
	if err != nil {
		return err
	}
	if err := s.stuck(st, g, s.destroyAdvice(g)); err != nil {
		return err
	}
	if s.o.Stand == nil {
		return nil
	}
	return s.o.Stand.Deploying(ctx, s.w, g.Deploy.StackName)
}

// deployFailed is the error of a failed deploy of g, saying how to delete
// the stack when the failure left one that cannot be updated.
func (s *session) deployFailed(ctx context.Context, g generated, err error) error {
	err = fmt.Errorf("deploy %s: %w", g.Deploy.StackName, err)
	st, derr := s.describeStack(ctx, g.Deploy.StackName)
	if derr != nil {
		return err
	}
	if stuck := s.stuck(st, g, s.destroyAdvice(g)); stuck != nil {
		return fmt.Errorf("%w\n%w", err, stuck)
	}
	return err
}

// destroyAdvice is the make destroy that deletes g's stack, and what else
// it deletes.
func (s *session) destroyAdvice(g generated) string {
	confirm := ""
	if s.env.Main.Deploy.TerminationProtection {
		confirm = " CONFIRM=" + s.env.Name
	}
	if g.Deploy.StackName == s.env.Bootstrap.Deploy.StackName {
		return fmt.Sprintf("make destroy ENV=%s%s, which deletes the main stack %s too",
			s.env.Name, confirm, s.env.Main.Deploy.StackName)
	}
	return fmt.Sprintf("make destroy ENV=%s%s KEEP_BOOTSTRAP=1, which keeps the bootstrap stack and "+
		"its packages", s.env.Name, confirm)
}

var changeSetARN = regexp.MustCompile(`arn:aws[a-z-]*:cloudformation:[a-z0-9-]+:[0-9]{12}:changeSet/[A-Za-z0-9-]+/[A-Za-z0-9-]+`)

// showChangeSet prints each change of a change set.
func (s *session) showChangeSet(ctx context.Context, arn string) error {
	var cs struct {
		Status, ExecutionStatus, StatusReason string
		Changes                               []struct {
			ResourceChange struct {
				Action, LogicalResourceId, ResourceType, Replacement string
			}
		}
	}
	if err := s.aws.query(ctx, &cs, "cloudformation", "describe-change-set", "--change-set-name", arn); err != nil {
		return err
	}
	if len(cs.Changes) == 0 {
		fmt.Fprintf(s.w, "   no changes: stack %s already matches %s (change set %s, nothing executed)\n",
			s.env.Main.Deploy.StackName, s.env.Main.Path, arn)
		return nil
	}
	fmt.Fprintf(s.w, "   change set %s: %s, %d change(s), nothing executed\n", arn, cs.Status, len(cs.Changes))
	for _, c := range cs.Changes {
		rc := c.ResourceChange
		replace := ""
		if rc.Replacement == "True" || rc.Replacement == "Conditional" {
			replace = " (replacement: " + strings.ToLower(rc.Replacement) + ")"
		}
		fmt.Fprintf(s.w, "     %-7s %-45s %s%s\n", rc.Action, rc.LogicalResourceId, rc.ResourceType, replace)
	}
	fmt.Fprintf(s.w, "   review it, then make deploy ENV=%s; or drop it with "+
		"aws cloudformation delete-change-set --change-set-name %s\n", s.env.Name, arn)
	return nil
}

// mainDeployArgs are the deploy arguments of the main stack: its template
// (or the stand-in's copy), the packaged functions' parameters, and the
// artifact bucket its template is uploaded through.
func (s *session) mainDeployArgs(ctx context.Context) ([]string, error) {
	rec, err := s.readRecord()
	if err != nil {
		return nil, err
	}
	store, err := s.artifactStore(ctx)
	if err != nil {
		return nil, err
	}
	if rec.ArtifactBucket != store.Bucket {
		return nil, fmt.Errorf("the packages of %s went to %s, but the bootstrap stack's bucket is %s: "+
			"run make package ENV=%s again", s.env.Name, rec.ArtifactBucket, store.Bucket, s.env.Name)
	}
	file, err := s.templateFile(s.env.Main)
	if err != nil {
		return nil, err
	}
	params := map[string]string{}
	for _, p := range s.env.Main.Required {
		params[p] = rec.Parameters[p]
	}
	return deployArgs(s.env.Main, file, params, store), nil
}
