package localdeploy

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// checkVPCEndpoints checks that every endpoint reaches the service the
// template names, from where it says, and that interface endpoints answer
// the service's own DNS name inside the VPC.
func checkVPCEndpoints(ctx context.Context, k *checker) []result {
	var out []result
	for _, r := range k.tmpl.ResourcesOfType("AWS::EC2::VPCEndpoint") {
		id, ok := k.physical(r.LogicalID)
		if !ok {
			continue
		}

		got, err := k.c.ec2.DescribeVpcEndpoints(ctx, &ec2.DescribeVpcEndpointsInput{
			VpcEndpointIds: []string{id}})
		if err != nil || len(got.VpcEndpoints) != 1 {
			out = append(out, fail(r.LogicalID, "endpoint exists", "describe %s: %v", id, err))
			continue
		}
		ep := got.VpcEndpoints[0]
		out = append(out, endpointPlacement(k, r, ep))
		if strings.EqualFold(str(r.Properties["VpcEndpointType"]), "Interface") {
			out = append(out, endpointPrivateDNS(r, ep))
		}
	}
	return out
}

func endpointPlacement(k *checker, r Resource, ep ec2types.VpcEndpoint) result {
	service, err := k.res.str(r.Properties["ServiceName"])
	what := "endpoint for " + service
	if err != nil {
		return fail(r.LogicalID, "endpoint service", "%v", err)
	}
	if aws.ToString(ep.ServiceName) != service {
		return fail(r.LogicalID, what, "service is %s", aws.ToString(ep.ServiceName))
	}

	var groups []string
	for _, g := range ep.Groups {
		groups = append(groups, aws.ToString(g.GroupId))
	}
	for _, c := range []struct {
		prop string
		got  []string
	}{
		{"SubnetIds", ep.SubnetIds},
		{"SecurityGroupIds", groups},
		{"RouteTableIds", ep.RouteTableIds},
	} {
		v, ok := r.Properties[c.prop]
		if !ok {
			continue
		}
		want, err := k.res.strs(v)
		if err != nil {
			return fail(r.LogicalID, what, "%s: %v", c.prop, err)
		}
		if !sameSet(want, c.got) {
			return fail(r.LogicalID, what, "%s are %v, want %v", c.prop, c.got, want)
		}
	}
	return pass(r.LogicalID, what)
}

func endpointPrivateDNS(r Resource, ep ec2types.VpcEndpoint) result {
	const what = "private DNS enabled"
	if r.Properties["PrivateDnsEnabled"] != true {
		return fail(r.LogicalID, what, "the template does not set PrivateDnsEnabled: true")
	}
	if !aws.ToBool(ep.PrivateDnsEnabled) {
		return fail(r.LogicalID, what, "private DNS is off")
	}
	return pass(r.LogicalID, what)
}

// str returns v if it is a string, else "".
func str(v any) string {
	s, _ := v.(string)
	return s
}
