package cfn

import (
	"encoding/json"
	"fmt"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/ec2"
	"github.com/awslabs/goformation/v7/cloudformation/lambda"
	"github.com/awslabs/goformation/v7/cloudformation/tags"
)

// Tagged is a goformation resource whose CloudFormation type has gained a
// Tags property since goformation's April 2024 resource specification.
// It renders as the resource with Tags added to its Properties.
type Tagged[R cloudformation.Resource] struct {
	Resource R
	Tags     []tags.Tag
}

// VPCEndpoint is AWS::EC2::VPCEndpoint with Tags.
type VPCEndpoint = Tagged[*ec2.VPCEndpoint]

// EventSourceMapping is AWS::Lambda::EventSourceMapping with Tags.
type EventSourceMapping = Tagged[*lambda.EventSourceMapping]

// AWSCloudFormationType returns the wrapped resource's type.
func (t *Tagged[R]) AWSCloudFormationType() string {
	return t.Resource.AWSCloudFormationType()
}

func (t *Tagged[R]) setDeletePolicies() error {
	return setDeletePolicies(t.Resource)
}

// MarshalJSON renders the wrapped resource and adds Tags to its Properties.
func (t *Tagged[R]) MarshalJSON() ([]byte, error) {
	inner, err := json.Marshal(t.Resource)
	if err != nil {
		return nil, err
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(inner, &top); err != nil {
		return nil, fmt.Errorf("decode %s: %w", t.AWSCloudFormationType(), err)
	}
	props := map[string]json.RawMessage{}
	if raw, ok := top["Properties"]; ok {
		if err := json.Unmarshal(raw, &props); err != nil {
			return nil, fmt.Errorf("decode %s properties: %w", t.AWSCloudFormationType(), err)
		}
	}
	if len(t.Tags) > 0 {
		if props["Tags"], err = json.Marshal(t.Tags); err != nil {
			return nil, err
		}
	}
	if top["Properties"], err = json.Marshal(props); err != nil {
		return nil, err
	}
	return json.Marshal(top)
}
