package policies

import (
	"net/netip"
	"strings"

	"github.com/securepipe/securepipe/policies/template"
)

// Address ranges a security group may admit traffic from: the private
// ranges, which the internet does not route, and the VPC's own.

// privateIPv4 are the private ranges of RFC 1918, the shared address space
// of RFC 6598 and loopback, which admits nothing from outside the host.
var privateIPv4 = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("127.0.0.0/8"),
}

// loopbackIPv6 admits nothing from outside the host either.
var loopbackIPv6 = netip.MustParsePrefix("::1/128")

// addressSpace is where a template's traffic may come from.
type addressSpace struct {
	v4, v6 []netip.Prefix
	// vpcs are the logical IDs of the template's VPCs and subnets, whose
	// CidrBlock attributes are their own ranges.
	vpcs map[string]bool
}

// newAddressSpace gathers the private ranges and the ranges the template
// gives its VPCs: their CidrBlock and their AWS::EC2::VPCCidrBlock
// associations written as literals.
func newAddressSpace(t *template.Template) addressSpace {
	a := addressSpace{v4: privateIPv4, v6: []netip.Prefix{loopbackIPv6}, vpcs: map[string]bool{}}
	for _, r := range t.OfType("AWS::EC2::VPC", "AWS::EC2::Subnet", "AWS::EC2::VPCCidrBlock") {
		if r.Type != "AWS::EC2::VPCCidrBlock" {
			a.vpcs[r.ID] = true
		}
		for _, prop := range []string{"CidrBlock", "Ipv6CidrBlock"} {
			text, _ := template.Text(r.Prop(prop))
			if p, err := netip.ParsePrefix(text); err == nil && r.Type != "AWS::EC2::Subnet" {
				if p.Addr().Is4() {
					a.v4 = append(a.v4, p.Masked())
				} else {
					a.v6 = append(a.v6, p.Masked())
				}
			}
		}
	}
	return a
}

// outside says how a source range reaches beyond the address space, or
// returns "" when it stays within, or cannot be told before deployment.
func (a addressSpace) outside(cidr string) string {
	if id, attr, ok := strings.Cut(strings.TrimSuffix(strings.TrimPrefix(cidr, "${"), "}"), "."); ok &&
		strings.HasPrefix(cidr, "${") && a.vpcs[id] && strings.Contains(attr, "CidrBlock") {
		return "" // the VPC's or a subnet's own range
	}
	p, err := netip.ParsePrefix(cidr)
	if err != nil {
		return ""
	}
	p = p.Masked()
	if p.Addr().Is4() {
		if within(p, a.v4) {
			return ""
		}
		return "which reaches addresses outside the private ranges (RFC 1918, RFC 6598) and the VPC's own"
	}
	if within(p, a.v6) {
		return ""
	}
	return "which reaches addresses outside the VPC's own IPv6 ranges"
}

// within reports whether p lies wholly inside one of the ranges.
func within(p netip.Prefix, ranges []netip.Prefix) bool {
	for _, r := range ranges {
		if r.Addr().BitLen() == p.Addr().BitLen() && r.Bits() <= p.Bits() && r.Contains(p.Addr()) {
			return true
		}
	}
	return false
}
