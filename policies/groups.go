package policies

import (
	"fmt"
	"strings"

	"github.com/securepipe/securepipe/policies/template"
)

// Security groups: HTTPS only, egress always stated, nothing open to the
// world, and each function reaching exactly the endpoints it calls.
func init() {
	register(
		&Rule{
			ID: "NET-007", Title: "Security group rules allow HTTPS only",
			Severity: Error, SOC2: []string{"CC6.6", "CC6.7"},
			Problem: "A rule for another protocol or port opens a path the pipeline never uses, often an unencrypted one.",
			Fix:     "Allow TCP port 443 only, in both directions.",
			check:   checkHTTPSOnly,
		},
		&Rule{
			ID: "NET-008", Title: "Every security group states its egress",
			Severity: Error, SOC2: []string{"CC6.6"},
			Problem: "A group without an egress rule keeps EC2's default rule, which allows all outbound traffic.",
			Fix:     "Write the group's egress rules explicitly (SecurityGroupEgress, or AWS::EC2::SecurityGroupEgress resources).",
			check:   checkExplicitEgress,
		},
		&Rule{
			ID: "NET-009", Title: "No ingress from public address ranges",
			Severity: Error, SOC2: []string{"CC6.6"}, SecurityHub: []string{"EC2.18", "EC2.19", "EC2.53", "EC2.54"},
			Problem: "Ingress from a range beyond the private ranges and the VPC's own admits internet addresses that can route to the interface: 0.0.0.0/0 and ::/0, but as well their pieces, such as 0.0.0.0/1 and 128.0.0.0/1 together.",
			Fix:     "Admit traffic from the security groups that need it; where a range is needed, use one within the VPC's ranges or the private ranges (RFC 1918, RFC 6598).",
			check:   checkNoOpenIngress,
		},
		&Rule{
			ID: "NET-011", Title: "Functions reach the endpoints they call and nothing else",
			Severity: Error, SOC2: []string{"CC6.1", "CC6.6"},
			Problem: "The security groups decide what a function can talk to: a missing path breaks it, an extra one lets compromised code reach more than it needs.",
			Fix:     "Let the function's group send HTTPS only to the groups of the endpoints it calls (and to the prefix list of a gateway endpoint it uses), and let those groups admit it.",
			check:   checkFunctionReach,
		},
	)
}

// sgRule is one security group rule, inline or standalone.
type sgRule struct {
	// owner is the resource to blame: the group for an inline rule, the
	// rule's own resource otherwise.
	owner  string
	group  string
	egress bool
	proto  string
	from   float64
	to     float64
	ports  bool
	cidr   string
	peer   string // a security group of the template
	other  string // a security group the template does not declare
	prefix string
}

func (r sgRule) https() bool {
	return (r.proto == "tcp" || r.proto == "6") && r.ports && r.from == 443 && r.to == 443
}

func (r sgRule) String() string {
	dir, where := "ingress from", ""
	if r.egress {
		dir = "egress to"
	}
	switch {
	case r.cidr != "":
		where = r.cidr
	case r.peer != "":
		where = "security group " + r.peer
	case r.other != "":
		where = "security group " + r.other
	case r.prefix != "":
		where = "prefix list " + r.prefix
	}
	ports := "all ports"
	if r.ports {
		ports = fmt.Sprintf("ports %g-%g", r.from, r.to)
	}
	return fmt.Sprintf("%s %s (protocol %s, %s)", dir, where, r.proto, ports)
}

func sgRules(t *template.Template) []sgRule {
	var out []sgRule
	for _, g := range t.OfType("AWS::EC2::SecurityGroup") {
		for _, item := range template.List(g.Prop("SecurityGroupIngress")) {
			out = append(out, newSGRule(t, g.ID, g.ID, false, item))
		}
		for _, item := range template.List(g.Prop("SecurityGroupEgress")) {
			out = append(out, newSGRule(t, g.ID, g.ID, true, item))
		}
	}
	for _, r := range t.OfType("AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress") {
		group, _ := template.Target(r.Prop("GroupId"))
		out = append(out, newSGRule(t, r.ID, group, r.Type == "AWS::EC2::SecurityGroupEgress", r.Properties))
	}
	return out
}

func newSGRule(t *template.Template, owner, group string, egress bool, v any) sgRule {
	r := sgRule{owner: owner, group: group, egress: egress}
	r.proto, _ = template.Text(template.Get(v, "IpProtocol"))
	r.proto = strings.ToLower(r.proto)
	from, okFrom := template.Number(template.Get(v, "FromPort"))
	to, okTo := template.Number(template.Get(v, "ToPort"))
	r.from, r.to, r.ports = from, to, okFrom && okTo
	for _, k := range []string{"CidrIp", "CidrIpv6"} {
		if s, ok := template.Text(template.Get(v, k)); ok {
			r.cidr = s
		}
	}
	peerKey, prefixKey := "SourceSecurityGroupId", "SourcePrefixListId"
	if egress {
		peerKey, prefixKey = "DestinationSecurityGroupId", "DestinationPrefixListId"
	}
	if p := template.Get(v, peerKey); p != nil {
		if id, ok := template.Target(p); ok && t.Resource(id) != nil {
			r.peer = id
		} else {
			r.other, _ = template.Text(p)
		}
	}
	r.prefix, _ = template.Text(template.Get(v, prefixKey))
	return r
}

func checkHTTPSOnly(j *judge) {
	bad := map[string][]string{}
	for _, r := range sgRules(j.t) {
		if !r.https() {
			bad[r.owner] = append(bad[r.owner], "rule allows "+r.String()+", not HTTPS (TCP 443) only")
		}
	}
	for _, r := range j.t.OfType("AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress") {
		j.verdict(r.ID, bad[r.ID])
	}
}

func checkExplicitEgress(j *judge) {
	hasEgress := map[string]bool{}
	for _, r := range sgRules(j.t) {
		if r.egress {
			hasEgress[r.group] = true
		}
	}
	for _, g := range j.t.OfType("AWS::EC2::SecurityGroup") {
		if hasEgress[g.ID] {
			j.pass(g.ID)
			continue
		}
		j.fail(g.ID, "security group has no egress rule, so it keeps the default rule that allows all outbound traffic")
	}
}

func checkNoOpenIngress(j *judge) {
	space := newAddressSpace(j.t)
	bad := map[string][]string{}
	for _, r := range sgRules(j.t) {
		if r.egress || r.cidr == "" {
			continue
		}
		if why := space.outside(r.cidr); why != "" {
			bad[r.owner] = append(bad[r.owner], "rule allows "+r.String()+", "+why)
		}
	}
	for _, r := range j.t.OfType("AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupIngress") {
		j.verdict(r.ID, bad[r.ID])
	}
}

func checkFunctionReach(j *judge) {
	rules := sgRules(j.t)
	net := newNetwork(j.t)
	for _, fn := range j.t.OfType("AWS::Lambda::Function") {
		groups := targets(fn.Prop("VpcConfig", "SecurityGroupIds"))
		if len(groups) == 0 {
			continue // NET-010 reports it
		}
		needed := calledServices(j.t, fn)
		reach := functionReach{t: j.t, net: net, rules: rules, groups: set(groups), needed: needed}
		j.verdict(fn.ID, reach.problems())
	}
}

// functionReach works out what one function's security groups let it do.
type functionReach struct {
	t      *template.Template
	net    *network
	rules  []sgRule
	groups map[string]bool
	needed map[string]bool
}

func (f functionReach) problems() []string {
	var out []string
	egress := 0
	prefixes := false
	for _, r := range f.rules {
		if !r.egress || !f.groups[r.group] {
			continue
		}
		egress++
		switch {
		case r.peer != "":
			out = append(out, f.peerProblems(r)...)
		case r.other != "":
			out = append(out, fmt.Sprintf("security group %s allows %s, which the template does not declare", r.group, r.String()))
		case r.prefix != "":
			prefixes = true
			if !f.needsGateway() {
				out = append(out, fmt.Sprintf("security group %s allows %s, but the function calls no service behind a gateway endpoint", r.group, r.String()))
			}
		case r.cidr != "" && !loopback(r.cidr):
			out = append(out, fmt.Sprintf("security group %s allows %s, which reaches more than the VPC endpoints", r.group, r.String()))
		}
	}
	if egress == 0 {
		return append(out, "the function's security groups state no egress, so it may reach anything the VPC routes to")
	}
	for _, svc := range sortedSet(f.needed) {
		if gatewayServices[svc] && f.hasGateway(svc) {
			if !prefixes {
				out = append(out, fmt.Sprintf("function calls %s through a gateway endpoint, but no egress rule allows its prefix list", svc))
			}
			continue
		}
		if !f.reachesInterface(svc) {
			out = append(out, fmt.Sprintf("function calls %s, but its security groups and the endpoint's do not let it reach an interface endpoint for it over HTTPS", svc))
		}
	}
	return out
}

// peerProblems judges an egress rule to another group: it must lead to
// endpoints, and only to endpoints of services the function calls.
func (f functionReach) peerProblems(r sgRule) []string {
	var eps []endpoint
	for _, e := range f.net.endpoints {
		for _, g := range e.groups {
			if g == r.peer {
				eps = append(eps, e)
			}
		}
	}
	if len(eps) == 0 {
		return []string{fmt.Sprintf("security group %s allows %s, which guards no VPC endpoint", r.group, r.String())}
	}
	var out []string
	for _, e := range eps {
		if !f.needed[e.service] {
			out = append(out, fmt.Sprintf("function can reach endpoint %s (%s), but it never calls %s", e.r.ID, e.service, e.service))
		}
	}
	return out
}

func (f functionReach) needsGateway() bool {
	for svc := range f.needed {
		if gatewayServices[svc] && f.hasGateway(svc) {
			return true
		}
	}
	return false
}

func (f functionReach) hasGateway(svc string) bool {
	for _, e := range f.net.endpoints {
		if e.gateway && e.service == svc {
			return true
		}
	}
	return false
}

// reachesInterface reports whether an interface endpoint for svc has a
// group that the function may send HTTPS to and that admits the function.
func (f functionReach) reachesInterface(svc string) bool {
	for _, e := range f.net.endpoints {
		if e.gateway || e.service != svc {
			continue
		}
		for _, g := range e.groups {
			if f.sendsTo(g) && f.admittedBy(g) {
				return true
			}
		}
	}
	return false
}

func (f functionReach) sendsTo(group string) bool {
	for _, r := range f.rules {
		if r.egress && f.groups[r.group] && r.peer == group && r.https() {
			return true
		}
	}
	return false
}

func (f functionReach) admittedBy(group string) bool {
	for _, r := range f.rules {
		if !r.egress && r.group == group && r.https() && (f.groups[r.peer] || (r.cidr != "" && !loopback(r.cidr))) {
			return true
		}
	}
	return false
}

func loopback(cidr string) bool { return strings.HasPrefix(cidr, "127.") }
