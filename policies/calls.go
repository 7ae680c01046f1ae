package policies

import (
	"sort"
	"strings"

	"github.com/securepipe/securepipe/policies/template"
)

// serviceSide are actions Lambda performs with the execution role on the
// function's behalf, from outside the function's network: creating its
// network interfaces and delivering its logs.
var serviceSide = map[string]bool{
	"ec2:createnetworkinterface": true, "ec2:deletenetworkinterface": true,
	"ec2:describenetworkinterfaces": true, "ec2:describesubnets": true,
	"ec2:describesecuritygroups": true, "ec2:describevpcs": true,
	"ec2:assignprivateipaddresses": true, "ec2:unassignprivateipaddresses": true,
	"logs:createloggroup": true, "logs:createlogstream": true, "logs:putlogevents": true,
}

// pollerActions are what Lambda's queue poller does for an event source
// mapping, again from outside the function's network.
var pollerActions = map[string]bool{
	"sqs:receivemessage": true, "sqs:deletemessage": true,
	"sqs:changemessagevisibility": true, "sqs:getqueueattributes": true,
}

// endpointNames maps an IAM service prefix to its endpoint service name
// where the two differ.
var endpointNames = map[string]string{
	"cloudwatch": "monitoring", "kinesis": "kinesis-streams", "firehose": "kinesis-firehose",
	"ecr": "ecr.api", "ses": "email",
}

// calledServices returns the endpoint services the code of fn calls: the
// services its execution role allows, less what Lambda itself does with
// the role and what another service does through kms:ViaService.
func calledServices(t *template.Template, fn *template.Resource) map[string]bool {
	role := functionRole(t, fn)
	if role == nil {
		return nil
	}
	polled := map[string]bool{}
	for _, m := range t.OfType("AWS::Lambda::EventSourceMapping") {
		if target, _ := template.Target(m.Prop("FunctionName")); target == fn.ID {
			if q, ok := template.Target(m.Prop("EventSourceArn")); ok {
				polled[q] = true
			}
		}
	}
	out := map[string]bool{}
	for _, p := range t.RolePolicies(role.ID) {
		for _, s := range p.Policy.Statements {
			if !s.Allows() || len(s.ConditionValues("", "kms:ViaService")) > 0 {
				continue
			}
			named := targets(s.Resource)
			onPolled := len(named) > 0 && len(named) == len(s.Resource) && allIn(named, polled)
			for _, a := range s.Action {
				a = strings.ToLower(a)
				if serviceSide[a] || (pollerActions[a] && onPolled) {
					continue
				}
				svc := service(a)
				if name, ok := endpointNames[svc]; ok {
					svc = name
				}
				out[svc] = true
			}
		}
	}
	return out
}

func allIn(items []string, m map[string]bool) bool {
	for _, s := range items {
		if !m[s] {
			return false
		}
	}
	return true
}

func sortedSet(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
