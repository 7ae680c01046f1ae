package policies

import (
	"fmt"
	"slices"
	"strings"

	"github.com/securepipe/securepipe/policies/template"
)

// Audit: a validated trail of management and data events, flow logs of all
// traffic, and logs kept long enough to be evidence.
func init() {
	register(
		&Rule{
			ID: "AUD-001", Title: "A multi-region trail records management events",
			Severity: Error, SOC2: []string{"CC7.2"}, SecurityHub: []string{"CloudTrail.1"},
			Problem: "Without a trail that is logging in every region, changes to the stack and its access leave no record. " +
				"The rule applies to a template that runs functions or builds a network; a template of storage alone, " +
				"such as an environment's bootstrap stack, is recorded by the trail of the environment's main stack.",
			Fix:   "Add an AWS::CloudTrail::Trail with IsLogging and IsMultiRegionTrail true, recording read and write management events.",
			check: checkTrail,
		},
		&Rule{
			ID: "AUD-002", Title: "Trails validate their log files",
			Severity: Error, SOC2: []string{"CC7.2"}, SecurityHub: []string{"CloudTrail.4"},
			Problem: "Without digest files nobody can show that a log file was not altered or deleted after delivery.",
			Fix:     "Set EnableLogFileValidation to true on the trail.",
			check:   checkLogFileValidation,
		},
		&Rule{
			ID: "AUD-003", Title: "Trails record data events on every bucket and function",
			Severity: Error, SOC2: []string{"CC7.2"}, SecurityHub: []string{"S3.22", "S3.23"},
			Problem: "Management events do not show who read or wrote which object, or invoked the function: the access to the data itself goes unrecorded.",
			Fix:     "Add the bucket (arn:...:s3:::name/) and the function to the trail's data event selectors.",
			check:   checkDataEvents,
		},
		&Rule{
			ID: "AUD-004", Title: "Trails deliver to CloudWatch Logs",
			Severity: Error, SOC2: []string{"CC7.2"}, SecurityHub: []string{"CloudTrail.5"},
			Problem: "Trail files in S3 alone cannot be searched or alarmed on as events arrive.",
			Fix:     "Set CloudWatchLogsLogGroupArn and CloudWatchLogsRoleArn on the trail.",
			check:   checkTrailToLogs,
		},
		&Rule{
			ID: "AUD-005", Title: "Every VPC logs all its traffic",
			Severity: Error, SOC2: []string{"CC7.2"}, SecurityHub: []string{"EC2.6"},
			Problem: "Without flow logs of accepted and rejected traffic there is no record of what the network carried, nor of attempts it refused.",
			Fix:     "Add an AWS::EC2::FlowLog on the VPC with TrafficType ALL.",
			check:   checkFlowLogs,
		},
		&Rule{
			ID: "AUD-006", Title: "Log groups keep events at least 90 days",
			Severity: Error, SOC2: []string{"CC7.2"}, SecurityHub: []string{"CloudWatch.16"},
			Problem: "Audit evidence must cover at least 90 days; a group without retention keeps data for ever, against data minimisation.",
			Fix:     "Set RetentionInDays to 90 or more (logRetentionDays in the spec).",
			check:   checkRetention,
		},
	)
}

// noTrail is the logical ID findings about a missing trail are filed under.
const noTrail = "(template)"

func checkTrail(j *judge) {
	trails := j.t.OfType("AWS::CloudTrail::Trail")
	if len(trails) == 0 {
		if w := workload(j.t); w != "" {
			j.fail(noTrail, "the template has no CloudTrail trail, yet it creates %s", w)
		}
		return
	}
	for _, tr := range trails {
		var problems []string
		if !template.IsTrue(tr.Prop("IsLogging")) {
			problems = append(problems, "trail is not logging (IsLogging)")
		}
		if !template.IsTrue(tr.Prop("IsMultiRegionTrail")) {
			problems = append(problems, "trail records one region only (IsMultiRegionTrail)")
		}
		if !recordsManagementEvents(tr) {
			problems = append(problems, "trail does not record read and write management events")
		}
		j.verdict(tr.ID, problems)
	}
}

// workload names a resource that runs code or builds a network, the kind
// of template a trail of its own must record; empty when there is none.
func workload(t *template.Template) string {
	for _, r := range t.All() {
		switch r.Type {
		case "AWS::Lambda::Function", "AWS::EC2::VPC", "AWS::EC2::Instance", "AWS::ECS::Service",
			"AWS::StepFunctions::StateMachine":
			return fmt.Sprintf("%s (%s)", r.ID, r.Type)
		}
	}
	return ""
}

func recordsManagementEvents(tr *template.Resource) bool {
	selectors := template.List(tr.Prop("EventSelectors"))
	if len(selectors) == 0 && tr.Prop("AdvancedEventSelectors") == nil {
		return true // the default selector records all management events
	}
	for _, s := range selectors {
		rw, _ := template.Text(template.Get(s, "ReadWriteType"))
		if !template.IsFalse(template.Get(s, "IncludeManagementEvents")) && (rw == "" || rw == "All") {
			return true
		}
	}
	for _, s := range template.List(tr.Prop("AdvancedEventSelectors")) {
		for _, f := range template.List(template.Get(s, "FieldSelectors")) {
			if field, _ := template.Text(template.Get(f, "Field")); field == "eventCategory" &&
				slices.Contains(template.Texts(template.Get(f, "Equals")), "Management") {
				return true
			}
		}
	}
	return false
}

func checkLogFileValidation(j *judge) {
	for _, tr := range j.t.OfType("AWS::CloudTrail::Trail") {
		if template.IsTrue(tr.Prop("EnableLogFileValidation")) {
			j.pass(tr.ID)
			continue
		}
		j.fail(tr.ID, "trail does not validate its log files (EnableLogFileValidation)")
	}
}

func checkTrailToLogs(j *judge) {
	for _, tr := range j.t.OfType("AWS::CloudTrail::Trail") {
		if tr.Prop("CloudWatchLogsLogGroupArn") != nil && tr.Prop("CloudWatchLogsRoleArn") != nil {
			j.pass(tr.ID)
			continue
		}
		j.fail(tr.ID, "trail does not deliver to a CloudWatch Logs group with a role")
	}
}

// dataEvents are the data resources a template's trails record, by type.
type dataEvents map[string][]string

func trailDataEvents(t *template.Template) dataEvents {
	out := dataEvents{}
	for _, tr := range t.OfType("AWS::CloudTrail::Trail") {
		for _, s := range template.List(tr.Prop("EventSelectors")) {
			for _, d := range template.List(template.Get(s, "DataResources")) {
				typ, _ := template.Text(template.Get(d, "Type"))
				out[typ] = append(out[typ], template.Texts(template.Get(d, "Values"))...)
			}
		}
		for _, s := range template.List(tr.Prop("AdvancedEventSelectors")) {
			for _, f := range template.List(template.Get(s, "FieldSelectors")) {
				if field, _ := template.Text(template.Get(f, "Field")); field == "resources.type" {
					for _, typ := range template.Texts(template.Get(f, "Equals")) {
						out[typ] = append(out[typ], "*")
					}
				}
			}
		}
	}
	return out
}

// covers reports whether one of the selector values records name, an S3
// bucket name or a function name. Values are ARN prefixes.
func (d dataEvents) covers(typ string, names []string, arnOf func(name string) string) bool {
	for _, v := range d[typ] {
		if v == "*" || v == "arn:aws:s3" || v == "arn:${AWS::Partition}:s3" || v == "arn:aws:lambda" || v == "arn:${AWS::Partition}:lambda" {
			return true
		}
		for _, n := range names {
			arn := arnOf(n)
			if v == arn || (strings.HasSuffix(v, "/") && strings.HasPrefix(arn+"/", v)) || v == n {
				return true
			}
		}
	}
	return false
}

func checkDataEvents(j *judge) {
	if len(j.t.OfType("AWS::CloudTrail::Trail")) == 0 {
		return // AUD-001 reports it
	}
	events := trailDataEvents(j.t)
	skip := trailBuckets(j.t)
	for _, b := range j.t.OfType("AWS::S3::Bucket") {
		if skip[b.ID] {
			continue // a trail recording its own bucket records itself
		}
		names := resourceNames(b, "BucketName")
		if events.covers("AWS::S3::Object", names, func(n string) string { return "arn:${AWS::Partition}:s3:::" + n }) {
			j.pass(b.ID)
			continue
		}
		j.fail(b.ID, "no trail records data events on bucket %s", names[0])
	}
	for _, fn := range j.t.OfType("AWS::Lambda::Function") {
		names := resourceNames(fn, "FunctionName")
		names = append(names, "${"+fn.ID+".Arn}")
		arn := func(n string) string {
			if strings.HasPrefix(n, "${") && strings.HasSuffix(n, ".Arn}") {
				return n
			}
			return "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:" + n
		}
		if events.covers("AWS::Lambda::Function", names, arn) {
			j.pass(fn.ID)
			continue
		}
		j.fail(fn.ID, "no trail records invocations of function %s", names[0])
	}
}

// resourceNames returns the ways a template names a resource: its name
// property and the Ref that stands for it.
func resourceNames(r *template.Resource, prop string) []string {
	var out []string
	if name, ok := template.Text(r.Prop(prop)); ok {
		out = append(out, name)
	}
	return append(out, "${"+r.ID+"}")
}

func checkFlowLogs(j *judge) {
	logged := map[string]string{}
	for _, fl := range j.t.OfType("AWS::EC2::FlowLog") {
		id, _ := template.Target(fl.Prop("ResourceId"))
		traffic, _ := template.Text(fl.Prop("TrafficType"))
		if logged[id] != "ALL" {
			logged[id] = traffic
		}
	}
	for _, v := range j.t.OfType("AWS::EC2::VPC") {
		switch traffic, ok := logged[v.ID]; {
		case !ok:
			j.fail(v.ID, "VPC has no flow log")
		case traffic != "ALL":
			j.fail(v.ID, "VPC's flow log records %s traffic only, not ALL", traffic)
		default:
			j.pass(v.ID)
		}
	}
}

func checkRetention(j *judge) {
	for _, g := range j.t.OfType("AWS::Logs::LogGroup") {
		days, ok := template.Number(g.Prop("RetentionInDays"))
		switch {
		case !ok:
			j.failSpec(g.ID, "logRetentionDays", "log group sets no retention, so it keeps events for ever")
		case days < 90:
			j.failSpec(g.ID, "logRetentionDays", "log group keeps events %s days, fewer than 90", fmt.Sprint(days))
		default:
			j.pass(g.ID)
		}
	}
}
