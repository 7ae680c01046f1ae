package stack

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNetworkIsPrivateOnly(t *testing.T) {
	tests := []struct {
		env     string
		subnets []string
	}{
		{"dev", []string{"10.10.0.0/18", "10.10.64.0/18"}},
		{"prod", []string{"10.30.0.0/22", "10.30.4.0/22", "10.30.8.0/22"}},
	}
	for _, tt := range tests {
		t.Run(tt.env, func(t *testing.T) {
			tm := build(t, tt.env)
			vpc := tm.props(VPC)
			assert.Equal(t, true, vpc["EnableDnsSupport"])
			assert.Equal(t, true, vpc["EnableDnsHostnames"])

			require.Len(t, tm.ofType("AWS::EC2::Subnet"), len(tt.subnets))
			require.Len(t, tm.ofType("AWS::EC2::RouteTable"), len(tt.subnets))
			for i, cidr := range tt.subnets {
				s := tm.props(Subnet(i))
				assert.Equal(t, cidr, s["CidrBlock"])
				assert.Equal(t, false, s["MapPublicIpOnLaunch"])
				assoc := tm.props(RouteTableAssociation(i))
				assert.Equal(t, ref(Subnet(i)), assoc["SubnetId"])
				assert.Equal(t, ref(RouteTable(i)), assoc["RouteTableId"])
			}
			for _, typ := range []string{
				"AWS::EC2::InternetGateway", "AWS::EC2::NatGateway", "AWS::EC2::EgressOnlyInternetGateway",
				"AWS::EC2::Route", "AWS::EC2::VPCGatewayAttachment", "AWS::EC2::EIP",
			} {
				assert.Empty(t, tm.ofType(typ), "%s would open a path to the internet", typ)
			}
		})
	}
}

func TestFlowLogsRecordAllTraffic(t *testing.T) {
	tm := build(t, "dev")
	fl := tm.props(FlowLog)
	assert.Equal(t, "ALL", fl["TrafficType"])
	assert.Equal(t, ref(VPC), fl["ResourceId"])
	assert.Equal(t, ref(FlowLogsLogGroup), fl["LogGroupName"])
	assert.Equal(t, getAtt(FlowLogsRole, "Arn"), fl["DeliverLogsPermissionArn"])
}

func TestSubnetCIDRs(t *testing.T) {
	tests := []struct {
		vpc  string
		n    int
		want []string
	}{
		{"10.0.0.0/16", 2, []string{"10.0.0.0/18", "10.0.64.0/18"}},
		{"172.16.0.0/24", 3, []string{"172.16.0.0/26", "172.16.0.64/26", "172.16.0.128/26"}},
		{"192.168.128.0/17", 3, []string{"192.168.128.0/19", "192.168.160.0/19", "192.168.192.0/19"}},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, subnetCIDRs(tt.vpc, tt.n), tt.vpc)
	}
}
