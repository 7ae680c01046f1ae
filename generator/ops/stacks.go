package ops

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// stackState is what DescribeStacks says of a stack.
type stackState struct {
	StackName                   string
	StackID                     string `json:"StackId"`
	StackStatus                 string
	StackStatusReason           string
	EnableTerminationProtection bool
	Outputs                     []struct{ OutputKey, OutputValue string }
	Parameters                  []struct{ ParameterKey, ParameterValue string }
}

// describeStack returns the stack, or nil when it does not exist or only
// holds a change set that was never executed (REVIEW_IN_PROGRESS, as make
// plan leaves a new stack).
func (s *session) describeStack(ctx context.Context, name string) (*stackState, error) {
	st, err := s.lookupStack(ctx, name)
	if err != nil || st == nil || st.StackStatus == "REVIEW_IN_PROGRESS" {
		return nil, err
	}
	return st, nil
}

// lookupStack returns the stack in whatever state, or nil when it does
// not exist.
func (s *session) lookupStack(ctx context.Context, name string) (*stackState, error) {
	var out struct{ Stacks []stackState }
	err := s.aws.query(ctx, &out, "cloudformation", "describe-stacks", "--stack-name", name)
	if says(err, "does not exist") {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if len(out.Stacks) != 1 {
		return nil, fmt.Errorf("describe stack %s: got %d stacks", name, len(out.Stacks))
	}
	return &out.Stacks[0], nil
}

// stuckStatuses are the states of a stack that CloudFormation can no
// longer update: it must be deleted first.
var stuckStatuses = map[string]string{
	"ROLLBACK_COMPLETE": "its first create failed and was rolled back",
	"ROLLBACK_FAILED":   "its first create failed and so did the rollback",
	"DELETE_FAILED":     "its deletion failed",
}

// stuck refuses a stack that a deploy cannot update, saying how to
// delete it; destroy is the make target that does so.
func (s *session) stuck(st *stackState, g generated, destroy string) error {
	if st == nil {
		return nil
	}
	what, ok := stuckStatuses[st.StackStatus]
	if !ok {
		return nil
	}
	reason := ""
	if st.StackStatusReason != "" {
		reason = " (" + st.StackStatusReason + ")"
	}
	name := g.Deploy.StackName
	return fmt.Errorf("stack %s is %s%s: %s, and CloudFormation cannot update it.\n"+
		"Delete it, then run this again: aws cloudformation delete-stack --stack-name %s --region %s "+
		"(its events say what failed: aws cloudformation describe-stack-events --stack-name %s); "+
		"or %s", name, st.StackStatus, reason, what, name, g.Deploy.Region, name, destroy)
}

// outputs returns the stack's outputs, as the stand-in works them out when
// it reports none.
func (s *session) outputs(ctx context.Context, st *stackState, g generated) (map[string]string, error) {
	out := map[string]string{}
	for _, o := range st.Outputs {
		out[o.OutputKey] = o.OutputValue
	}
	if len(out) == 0 && s.o.Stand != nil {
		return s.o.Stand.Outputs(ctx, s.w, st.StackName, g.doc)
	}
	return out, nil
}

// resources lists the stack's resources.
func (s *session) resources(ctx context.Context, name string) ([]Resource, error) {
	var out struct {
		StackResources []struct{ LogicalResourceId, ResourceType, PhysicalResourceId string }
	}
	if err := s.aws.query(ctx, &out, "cloudformation", "describe-stack-resources", "--stack-name", name); err != nil {
		return nil, err
	}
	var res []Resource
	for _, r := range out.StackResources {
		if r.LogicalResourceId == "" || r.LogicalResourceId == "None" {
			continue
		}
		res = append(res, Resource{LogicalID: r.LogicalResourceId, Type: r.ResourceType, PhysicalID: r.PhysicalResourceId})
	}
	sort.Slice(res, func(i, j int) bool { return res[i].LogicalID < res[j].LogicalID })
	return res, nil
}

// templateFile returns the file to deploy: the template itself, or the
// stand-in's copy of it.
func (s *session) templateFile(g generated) (string, error) {
	if s.o.Stand == nil {
		return g.Path, nil
	}
	var doc map[string]any
	data, err := json.Marshal(g.doc)
	if err == nil {
		err = json.Unmarshal(data, &doc)
	}
	if err != nil {
		return "", fmt.Errorf("copy %s: %w", g.Path, err)
	}
	s.o.Stand.Template(s.w, doc)
	if data, err = json.MarshalIndent(doc, "", "  "); err != nil {
		return "", fmt.Errorf("copy %s: %w", g.Path, err)
	}
	path := filepath.Join(s.dir, filepath.Base(g.Path))
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return "", fmt.Errorf("copy %s: %w", g.Path, err)
	}
	fmt.Fprintf(s.w, "   the stand-in deploys a copy, %s; %s is unchanged\n", path, g.Path)
	return path, nil
}

// deployArgs are the arguments of aws cloudformation deploy for g, with
// its tags and capabilities, the parameters given, and the bucket a large
// template goes through.
func deployArgs(g generated, file string, params map[string]string, upload upload) []string {
	args := []string{"cloudformation", "deploy", "--template-file", file,
		"--stack-name", g.Deploy.StackName, "--no-fail-on-empty-changeset"}
	if len(params) > 0 {
		args = append(args, "--parameter-overrides")
		keys := make([]string, 0, len(params))
		for k := range params {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			args = append(args, k+"="+params[k])
		}
	}
	args = append(args, "--tags")
	args = append(args, g.tagArgs()...)
	if len(g.Deploy.Capabilities) > 0 {
		args = append(append(args, "--capabilities"), g.Deploy.Capabilities...)
	}
	if upload.Bucket != "" {
		args = append(args, "--s3-bucket", upload.Bucket, "--s3-prefix", "templates/"+g.Deploy.StackName,
			"--kms-key-id", upload.KeyARN)
	}
	return args
}

// upload is where templates too large to send inline go.
type upload struct {
	Bucket string
	KeyARN string
}

// maxInlineTemplate is the largest template CloudFormation takes inline.
const maxInlineTemplate = 51200

// protect turns termination protection on when the template asks for it.
func (s *session) protect(ctx context.Context, g generated) error {
	if !g.Deploy.TerminationProtection {
		return nil
	}
	if _, err := s.aws.run(ctx, "cloudformation", "update-termination-protection",
		"--enable-termination-protection", "--stack-name", g.Deploy.StackName); err != nil {
		return err
	}
	fmt.Fprintf(s.w, "   termination protection is on: deleting %s takes make destroy ENV=%s CONFIRM=%s\n",
		g.Deploy.StackName, s.env.Name, s.env.Name)
	return nil
}

// printOutputs shows the stack's outputs.
func (s *session) printOutputs(ctx context.Context, st *stackState, g generated) error {
	outs, err := s.outputs(ctx, st, g)
	if err != nil || len(outs) == 0 {
		return err
	}
	keys := make([]string, 0, len(outs))
	width := 0
	for k := range outs {
		keys = append(keys, k)
		width = max(width, len(k))
	}
	sort.Strings(keys)
	fmt.Fprintf(s.w, "   outputs of %s:\n", st.StackName)
	for _, k := range keys {
		fmt.Fprintf(s.w, "     %-*s  %s\n", width, k, outs[k])
	}
	return nil
}

// deployed checks that the stack ended well and shows its outputs.
func (s *session) deployed(ctx context.Context, g generated) (*stackState, error) {
	st, err := s.describeStack(ctx, g.Deploy.StackName)
	if err != nil {
		return nil, err
	}
	if st == nil || !strings.HasSuffix(st.StackStatus, "_COMPLETE") || strings.Contains(st.StackStatus, "ROLLBACK") {
		status := "absent"
		if st != nil {
			status = st.StackStatus
		}
		return nil, fmt.Errorf("stack %s is %s after the deploy: see its events with "+
			"aws cloudformation describe-stack-events --stack-name %s", g.Deploy.StackName, status, g.Deploy.StackName)
	}
	fmt.Fprintf(s.w, "   %s is %s\n", st.StackName, st.StackStatus)
	if s.o.Stand != nil {
		if err := s.o.Stand.Deployed(ctx, s.w, st.StackName, g.doc); err != nil {
			return nil, err
		}
	}
	return st, s.printOutputs(ctx, st, g)
}
