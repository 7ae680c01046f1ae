package localdeploy

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"

	"github.com/securepipe/securepipe/generator/moto"
)

const stackWaitTimeout = 2 * time.Minute

// stack is what the deployed stack looks like from the API.
type stack struct {
	ID         string
	Status     string
	Reason     string
	Parameters map[string]string
	Resources  []moto.StackResource
}

// physicalIDs maps logical IDs to physical IDs.
func (s stack) physicalIDs() map[string]string {
	out := map[string]string{}
	for _, r := range s.Resources {
		out[r.LogicalID] = r.PhysicalID
	}
	return out
}

// waitDeployed waits until the stack has left its *_IN_PROGRESS states and
// fails unless it ended created or updated.
func waitDeployed(ctx context.Context, c *clients, name string) (stack, error) {
	ctx, cancel := context.WithTimeout(ctx, stackWaitTimeout)
	defer cancel()

	for {
		s, err := describeStack(ctx, c, name)
		if err != nil {
			return stack{}, err
		}
		switch {
		case s.Status == "CREATE_COMPLETE" || s.Status == "UPDATE_COMPLETE":
			return s, nil
		case !strings.HasSuffix(s.Status, "_IN_PROGRESS"):
			return s, fmt.Errorf("wait for stack %s: it ended %s: %s", name, s.Status, s.Reason)
		}

		select {
		case <-ctx.Done():
			return s, fmt.Errorf("wait for stack %s: still %s: %w", name, s.Status, ctx.Err())
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// describeStack reads the stack's status, parameters and resources.
func describeStack(ctx context.Context, c *clients, name string) (stack, error) {
	out, err := c.cfn.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{
		StackName: aws.String(name)})
	if err != nil {
		return stack{}, fmt.Errorf("describe stack %s: %w", name, err)
	}
	if len(out.Stacks) != 1 {
		return stack{}, fmt.Errorf("describe stack %s: got %d stacks, want 1", name, len(out.Stacks))
	}

	s := stack{
		ID:         aws.ToString(out.Stacks[0].StackId),
		Status:     string(out.Stacks[0].StackStatus),
		Reason:     aws.ToString(out.Stacks[0].StackStatusReason),
		Parameters: map[string]string{},
	}
	for _, p := range out.Stacks[0].Parameters {
		s.Parameters[aws.ToString(p.ParameterKey)] = aws.ToString(p.ParameterValue)
	}

	res, err := c.cfn.DescribeStackResources(ctx, &cloudformation.DescribeStackResourcesInput{
		StackName: aws.String(name)})
	if err != nil {
		return stack{}, fmt.Errorf("list resources of stack %s: %w", name, err)
	}
	s.Resources = stackResources(res.StackResources)

	return s, nil
}

// stackResources keeps the resources that exist; moto lists a resource it
// skipped with no logical ID.
func stackResources(in []cfntypes.StackResource) []moto.StackResource {
	var out []moto.StackResource
	for _, r := range in {
		id := aws.ToString(r.LogicalResourceId)
		if id == "" || id == "None" {
			continue
		}
		out = append(out, moto.StackResource{
			LogicalID:  id,
			Type:       aws.ToString(r.ResourceType),
			PhysicalID: aws.ToString(r.PhysicalResourceId),
		})
	}

	return out
}

// deleteStack deletes the stack and waits until it is gone.
func deleteStack(ctx context.Context, c *clients, s stack) error {
	if _, err := c.cfn.DeleteStack(ctx, &cloudformation.DeleteStackInput{
		StackName: aws.String(s.ID)}); err != nil {
		return fmt.Errorf("delete stack: %w", err)
	}

	w := cloudformation.NewStackDeleteCompleteWaiter(c.cfn, func(o *cloudformation.StackDeleteCompleteWaiterOptions) {
		o.MinDelay, o.MaxDelay = 200*time.Millisecond, 2*time.Second
	})
	in := &cloudformation.DescribeStacksInput{StackName: aws.String(s.ID)}
	if err := w.Wait(ctx, in, stackWaitTimeout); err != nil {
		return fmt.Errorf("wait for stack deletion: %w", err)
	}

	return nil
}

// accountFromID reads the account from the stack ARN.
func (s stack) accountFromID() string {
	// arn:aws:cloudformation:REGION:ACCOUNT:stack/NAME/ID
	parts := strings.SplitN(s.ID, ":", 6)
	if len(parts) < 5 {
		return ""
	}
	return parts[4]
}
