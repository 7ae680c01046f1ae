package stack

import (
	"fmt"
	"net/netip"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/ec2"

	"github.com/securepipe/securepipe/generator/naming"
)

// network builds a VPC with private subnets only: no internet or NAT
// gateway, no public addresses and no default route, so the only way out is
// through the VPC endpoints.
func (b *builder) network() {
	b.doc.Add(VPC, &ec2.VPC{
		CidrBlock:          cloudformation.String(b.env.VPCCIDR),
		EnableDnsSupport:   cloudformation.Bool(true),
		EnableDnsHostnames: cloudformation.Bool(true),
		InstanceTenancy:    cloudformation.String("default"),
		Tags:               b.nameTag(b.names.Of(naming.VPC)),
	})
	for i, cidr := range subnetCIDRs(b.env.VPCCIDR, b.env.AvailabilityZones) {
		zone := string(zoneLetters[i])
		b.doc.Add(Subnet(i), &ec2.Subnet{
			VpcId:               cloudformation.Ref(VPC),
			CidrBlock:           cloudformation.String(cidr),
			AvailabilityZone:    cloudformation.String(cloudformation.Select(i, cloudformation.GetAZs(""))),
			MapPublicIpOnLaunch: cloudformation.Bool(false),
			Tags:                b.nameTag(fmt.Sprintf("%s-private-%s-%s", b.names.Project, zone, b.names.Suffix)),
		})
		b.doc.Add(RouteTable(i), &ec2.RouteTable{
			VpcId: cloudformation.Ref(VPC),
			Tags:  b.nameTag(fmt.Sprintf("%s-private-%s-%s", b.names.Project, zone, b.names.Suffix)),
		})
		b.doc.Add(RouteTableAssociation(i), &ec2.SubnetRouteTableAssociation{
			SubnetId:     cloudformation.Ref(Subnet(i)),
			RouteTableId: cloudformation.Ref(RouteTable(i)),
		})
	}
	b.doc.Add(FlowLog, &ec2.FlowLog{
		ResourceId:               cloudformation.Ref(VPC),
		ResourceType:             "VPC",
		TrafficType:              cloudformation.String("ALL"),
		LogDestinationType:       cloudformation.String("cloud-watch-logs"),
		LogGroupName:             cloudformation.String(cloudformation.Ref(FlowLogsLogGroup)),
		DeliverLogsPermissionArn: cloudformation.String(arnOf(FlowLogsRole)),
		MaxAggregationInterval:   cloudformation.Int(60),
		Tags:                     b.tags(),
	})
	b.logGroup(FlowLogsLogGroup, naming.FlowLogsLogGroup)
}

// subnets returns the IDs of the private subnets.
func (b *builder) subnets() []string {
	ids := make([]string, b.env.AvailabilityZones)
	for i := range ids {
		ids[i] = cloudformation.Ref(Subnet(i))
	}
	return ids
}

// routeTables returns the IDs of the private route tables.
func (b *builder) routeTables() []string {
	ids := make([]string, b.env.AvailabilityZones)
	for i := range ids {
		ids[i] = cloudformation.Ref(RouteTable(i))
	}
	return ids
}

// subnetCIDRs splits the VPC range into four equal blocks and returns the
// first n, leaving room for a zone added later. The spec has checked cidr.
func subnetCIDRs(cidr string, n int) []string {
	vpc := netip.MustParsePrefix(cidr)
	bits := vpc.Bits() + 2
	size := uint32(1) << (32 - bits)
	base := vpc.Addr().As4()
	start := uint32(base[0])<<24 | uint32(base[1])<<16 | uint32(base[2])<<8 | uint32(base[3])
	out := make([]string, n)
	for i := range out {
		a := start + uint32(i)*size
		addr := netip.AddrFrom4([4]byte{byte(a >> 24), byte(a >> 16), byte(a >> 8), byte(a)})
		out[i] = netip.PrefixFrom(addr, bits).String()
	}
	return out
}
