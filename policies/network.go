package policies

import (
	"fmt"
	"strings"

	"github.com/securepipe/securepipe/policies/template"
)

// Network isolation: a VPC with private subnets only and no path out but
// the VPC endpoints.
func init() {
	register(
		&Rule{
			ID: "NET-001", Title: "No internet, NAT or egress-only gateway",
			Severity: Error, SOC2: []string{"CC6.6"},
			Problem: "A gateway to the internet gives the private network a way out that bypasses the VPC endpoints and their policies.",
			Fix:     "Remove the gateway; reach AWS APIs through VPC endpoints only.",
			check:   checkNoGateways,
		},
		&Rule{
			ID: "NET-002", Title: "No public IP addresses",
			Severity: Error, SOC2: []string{"CC6.6"}, SecurityHub: []string{"EC2.9", "EC2.15", "EC2.25"},
			Problem: "A public address makes a network interface reachable from outside the VPC.",
			Fix:     "Set MapPublicIpOnLaunch (and AssociatePublicIpAddress) to false and remove Elastic IPs.",
			check:   checkNoPublicIPs,
		},
		&Rule{
			ID: "NET-003", Title: "No default route and no route out of the VPC",
			Severity: Error, SOC2: []string{"CC6.6"},
			Problem: "A default route, or a route to a gateway, NAT, peering or transit gateway, sends traffic beyond the isolated VPC.",
			Fix:     "Remove the route; the VPC's local route and the gateway endpoints' routes are all a private subnet needs.",
			check:   checkNoRoutesOut,
		},
		&Rule{
			ID: "NET-004", Title: "Every subnet uses a private route table of the template",
			Severity: Error, SOC2: []string{"CC6.6"},
			Problem: "A subnet without an explicit route table association falls back on the VPC's main route table, which the template does not control.",
			Fix:     "Associate the subnet with a route table of the template (AWS::EC2::SubnetRouteTableAssociation).",
			check:   checkSubnetsPrivate,
		},
		&Rule{
			ID: "NET-005", Title: "VPC DNS support and DNS hostnames are on",
			Severity: Error, SOC2: []string{"CC6.6", "CC6.7"},
			Problem: "Private DNS of interface endpoints needs both; without them, SDKs resolve AWS APIs to public addresses the VPC cannot reach.",
			Fix:     "Set EnableDnsSupport and EnableDnsHostnames to true on the VPC.",
			check:   checkVPCDNS,
		},
		&Rule{
			ID: "NET-006", Title: "Every AWS API a function calls has a private endpoint in each of its subnets",
			Severity: Error, SOC2: []string{"CC6.6", "CC6.7"},
			Problem: "Without an endpoint, calls to that API fail in an isolated VPC, or tempt someone to add an internet path.",
			Fix:     "Add an interface endpoint with PrivateDnsEnabled in every subnet of the function (for S3 or DynamoDB, a gateway endpoint on every route table of those subnets).",
			check:   checkEndpointsCoverCalls,
		},
		&Rule{
			ID: "NET-010", Title: "Functions run inside the VPC",
			Severity: Error, SOC2: []string{"CC6.6"}, SecurityHub: []string{"Lambda.3"},
			Problem: "A function outside a VPC reaches the internet directly and escapes every network control of the stack.",
			Fix:     "Give the function a VpcConfig with the private subnets and its security group.",
			check:   checkFunctionsInVPC,
		},
	)
}

func checkNoGateways(j *judge) {
	for _, r := range j.t.All() {
		switch r.Type {
		case "AWS::EC2::InternetGateway", "AWS::EC2::NatGateway", "AWS::EC2::EgressOnlyInternetGateway",
			"AWS::EC2::CarrierGateway":
			j.fail(r.ID, "the template creates a gateway out of the VPC (%s)", r.Type)
		case "AWS::EC2::VPCGatewayAttachment":
			if r.Prop("InternetGatewayId") != nil {
				j.fail(r.ID, "the template attaches an internet gateway to a VPC")
			}
		case "AWS::EC2::VPC":
			j.pass(r.ID)
		}
	}
}

func checkNoPublicIPs(j *judge) {
	for _, r := range j.t.All() {
		switch r.Type {
		case "AWS::EC2::Subnet":
			var problems []string
			if template.IsTrue(r.Prop("MapPublicIpOnLaunch")) {
				problems = append(problems, "subnet gives every interface a public IPv4 address (MapPublicIpOnLaunch)")
			}
			if template.IsTrue(r.Prop("MapCustomerOwnedIpOnLaunch")) {
				problems = append(problems, "subnet maps customer-owned addresses on launch")
			}
			j.verdict(r.ID, problems)
		case "AWS::EC2::EIP":
			j.fail(r.ID, "the template allocates an Elastic IP address")
		case "AWS::EC2::Instance":
			j.verdict(r.ID, publicInterfaces(r.Prop("NetworkInterfaces")))
		case "AWS::EC2::LaunchTemplate":
			j.verdict(r.ID, publicInterfaces(r.Prop("LaunchTemplateData", "NetworkInterfaces")))
		}
	}
}

func publicInterfaces(v any) []string {
	for _, ni := range template.List(v) {
		if template.IsTrue(template.Get(ni, "AssociatePublicIpAddress")) {
			return []string{"a network interface asks for a public address (AssociatePublicIpAddress)"}
		}
	}
	return nil
}

// routeTargets are the route properties that send traffic out of the VPC.
var routeTargets = []string{
	"GatewayId", "NatGatewayId", "EgressOnlyInternetGatewayId", "TransitGatewayId",
	"VpcPeeringConnectionId", "CarrierGatewayId", "CoreNetworkArn", "LocalGatewayId",
	"InstanceId", "NetworkInterfaceId", "VpcEndpointId",
}

func checkNoRoutesOut(j *judge) {
	for _, r := range j.t.All() {
		switch r.Type {
		case "AWS::EC2::RouteTable":
			j.pass(r.ID)
		case "AWS::EC2::Route":
			dest, _ := template.Text(r.Prop("DestinationCidrBlock"))
			dest6, _ := template.Text(r.Prop("DestinationIpv6CidrBlock"))
			var problems []string
			if dest == "0.0.0.0/0" || dest6 == "::/0" {
				problems = append(problems, "route is a default route ("+strings.TrimSpace(dest+" "+dest6)+")")
			}
			for _, p := range routeTargets {
				if r.Prop(p) != nil {
					problems = append(problems, "route sends traffic out of the VPC through its "+p)
					break
				}
			}
			j.verdict(r.ID, problems)
		}
	}
}

func checkSubnetsPrivate(j *judge) {
	tables := map[string]string{}
	for _, a := range j.t.OfType("AWS::EC2::SubnetRouteTableAssociation") {
		subnet, _ := template.Target(a.Prop("SubnetId"))
		table, ok := template.Target(a.Prop("RouteTableId"))
		if !ok {
			table, _ = template.Text(a.Prop("RouteTableId"))
		}
		tables[subnet] = table
	}
	for _, s := range j.t.OfType("AWS::EC2::Subnet") {
		table, ok := tables[s.ID]
		switch {
		case !ok:
			j.fail(s.ID, "subnet has no route table association, so it uses the VPC's main route table")
		case j.t.Resource(table) == nil || j.t.Resource(table).Type != "AWS::EC2::RouteTable":
			j.fail(s.ID, "subnet is associated with %q, which is not a route table of the template", table)
		default:
			j.pass(s.ID)
		}
	}
}

func checkVPCDNS(j *judge) {
	for _, v := range j.t.OfType("AWS::EC2::VPC") {
		var problems []string
		if !template.IsTrue(v.Prop("EnableDnsSupport")) {
			problems = append(problems, "VPC does not set EnableDnsSupport to true")
		}
		if !template.IsTrue(v.Prop("EnableDnsHostnames")) {
			problems = append(problems, "VPC does not set EnableDnsHostnames to true")
		}
		j.verdict(v.ID, problems)
	}
}

func checkFunctionsInVPC(j *judge) {
	for _, fn := range j.t.OfType("AWS::Lambda::Function") {
		var problems []string
		if len(template.List(fn.Prop("VpcConfig", "SubnetIds"))) == 0 {
			problems = append(problems, "function has no VpcConfig subnets, so it runs outside the VPC")
		} else if len(template.List(fn.Prop("VpcConfig", "SecurityGroupIds"))) == 0 {
			problems = append(problems, "function has no VpcConfig security group")
		}
		j.verdict(fn.ID, problems)
	}
}

func checkEndpointsCoverCalls(j *judge) {
	net := newNetwork(j.t)
	for _, fn := range j.t.OfType("AWS::Lambda::Function") {
		subnets := targets(fn.Prop("VpcConfig", "SubnetIds"))
		if len(subnets) == 0 {
			continue // NET-010 reports it
		}
		var problems []string
		for _, svc := range sortedSet(calledServices(j.t, fn)) {
			problems = append(problems, net.missingEndpoint(svc, subnets)...)
		}
		j.verdict(fn.ID, problems)
	}
}

// network indexes the endpoints and route tables of a template.
type network struct {
	endpoints []endpoint
	tables    map[string]string // subnet → route table
}

type endpoint struct {
	r          *template.Resource
	service    string
	gateway    bool
	privateDNS bool
	subnets    map[string]bool
	tables     map[string]bool
	groups     []string
}

func newNetwork(t *template.Template) *network {
	n := &network{tables: map[string]string{}}
	for _, a := range t.OfType("AWS::EC2::SubnetRouteTableAssociation") {
		subnet, _ := template.Target(a.Prop("SubnetId"))
		n.tables[subnet], _ = template.Target(a.Prop("RouteTableId"))
	}
	for _, r := range t.OfType("AWS::EC2::VPCEndpoint") {
		typ, _ := template.Text(r.Prop("VpcEndpointType"))
		n.endpoints = append(n.endpoints, endpoint{
			r:          r,
			service:    endpointService(r.Prop("ServiceName")),
			gateway:    typ == "" || typ == "Gateway",
			privateDNS: template.IsTrue(r.Prop("PrivateDnsEnabled")),
			subnets:    set(targets(r.Prop("SubnetIds"))),
			tables:     set(targets(r.Prop("RouteTableIds"))),
			groups:     targets(r.Prop("SecurityGroupIds")),
		})
	}
	return n
}

// endpointService returns the service of an endpoint service name:
// kms for com.amazonaws.${AWS::Region}.kms.
func endpointService(v any) string {
	text, _ := template.Text(v)
	rest, ok := strings.CutPrefix(text, "com.amazonaws.")
	if !ok {
		return text
	}
	_, svc, _ := strings.Cut(rest, ".")
	return svc
}

// missingEndpoint says how the subnets fail to reach svc privately.
func (n *network) missingEndpoint(svc string, subnets []string) []string {
	var missing []string
	for _, subnet := range subnets {
		if !n.reaches(svc, subnet) {
			missing = append(missing, subnet)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	kind := "interface endpoint with private DNS"
	if gatewayServices[svc] {
		kind = "gateway endpoint on its route table, nor " + kind + ","
	}
	return []string{fmt.Sprintf("function calls %s, but no %s serves %s", svc, kind, strings.Join(missing, ", "))}
}

func (n *network) reaches(svc, subnet string) bool {
	if gatewayServices[svc] && n.tables[subnet] == "" {
		return true // NET-004 reports a subnet without a route table of the template
	}
	for _, e := range n.endpoints {
		if e.service != svc {
			continue
		}
		if e.gateway && gatewayServices[svc] && e.tables[n.tables[subnet]] && n.tables[subnet] != "" {
			return true
		}
		if !e.gateway && e.privateDNS && e.subnets[subnet] {
			return true
		}
	}
	return false
}

// gatewayServices are the services a gateway endpoint can serve.
var gatewayServices = map[string]bool{"s3": true, "dynamodb": true}

func set(items []string) map[string]bool {
	m := make(map[string]bool, len(items))
	for _, s := range items {
		m[s] = true
	}
	return m
}
