package policies

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Tagging: every taggable resource says which environment it belongs to,
// how sensitive its data is, and who answers for it.
func init() {
	register(
		&Rule{
			ID: "TAG-001", Title: "Taggable resources carry Environment, DataClassification and Owner",
			Severity: Error, SOC2: []string{"CC6.1", "C1.1"},
			SecurityHub: []string{"CloudTrail.9", "EC2.42", "EC2.43", "EC2.44", "EC2.46", "EC2.48", "IAM.24", "Lambda.6", "SQS.2"},
			Problem:     "An untagged resource drops out of the asset inventory, cost and access reviews, and data classification.",
			Fix:         "Give the resource the Environment, DataClassification and Owner tags.",
			check:       checkRequiredTags,
		},
		&Rule{
			ID: "TAG-002", Title: "Tag values are valid",
			Severity: Error, SOC2: []string{"CC6.1", "C1.1"},
			Problem: "A wrong Environment puts a resource in another environment's reviews; an unknown classification or a malformed owner defeats the handling rules that read them.",
			Fix:     "Set Environment to the environment's suffix, DataClassification to public, internal, confidential or restricted, and Owner to a team or address.",
			check:   checkTagValues,
		},
	)
}

// requiredTags are the tags every taggable resource carries.
var requiredTags = []string{"DataClassification", "Environment", "Owner"}

// classifications are the allowed DataClassification values.
var classifications = []string{"public", "internal", "confidential", "restricted"}

var tagValuePattern = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$`)

// taggable are the resource types that accept Tags in CloudFormation.
var taggable = map[string]bool{
	"AWS::EC2::VPC": true, "AWS::EC2::Subnet": true, "AWS::EC2::RouteTable": true,
	"AWS::EC2::SecurityGroup": true, "AWS::EC2::VPCEndpoint": true, "AWS::EC2::FlowLog": true,
	"AWS::EC2::InternetGateway": true, "AWS::EC2::NatGateway": true, "AWS::EC2::EIP": true,
	"AWS::EC2::NetworkAcl": true, "AWS::EC2::Instance": true, "AWS::EC2::Volume": true,
	"AWS::EC2::EgressOnlyInternetGateway": true, "AWS::EC2::TransitGateway": true,
	"AWS::KMS::Key": true, "AWS::S3::Bucket": true, "AWS::SQS::Queue": true, "AWS::SNS::Topic": true,
	"AWS::Lambda::Function": true, "AWS::Lambda::EventSourceMapping": true, "AWS::Logs::LogGroup": true,
	"AWS::IAM::Role": true, "AWS::IAM::User": true, "AWS::CloudTrail::Trail": true,
	"AWS::SecretsManager::Secret": true, "AWS::DynamoDB::Table": true, "AWS::SSM::Parameter": true,
	"AWS::StepFunctions::StateMachine": true, "AWS::Events::EventBus": true,
	"AWS::CloudWatch::Alarm": true,
}

func checkRequiredTags(j *judge) {
	for _, r := range j.t.All() {
		if !taggable[r.Type] {
			continue
		}
		tags, _ := r.Tags()
		var missing []string
		for _, k := range requiredTags {
			if _, ok := tags[k]; !ok {
				missing = append(missing, k)
			}
		}
		if len(missing) > 0 {
			j.fail(r.ID, "%s lacks the %s tag%s", r.Type, strings.Join(missing, ", "), plural(len(missing)))
			continue
		}
		j.pass(r.ID)
	}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func checkTagValues(j *judge) {
	for _, r := range j.t.All() {
		tags, ok := r.Tags()
		if !taggable[r.Type] || !ok {
			continue
		}
		var specKey string
		var problems []string
		if v, ok := tags["Environment"].(string); ok && j.s.Suffix != "" && v != j.s.Suffix {
			problems = append(problems, fmt.Sprintf("Environment tag is %q, but the environment is %q", v, j.s.Suffix))
			specKey = "suffix"
		}
		if v, ok := tags["DataClassification"].(string); ok && !slices.Contains(classifications, v) {
			problems = append(problems, fmt.Sprintf("DataClassification tag %q is not one of %s", v, strings.Join(classifications, ", ")))
			specKey = "dataClassification"
		}
		if v, ok := tags["Owner"].(string); ok && !tagValuePattern.MatchString(v) {
			problems = append(problems, fmt.Sprintf("Owner tag %q is not a valid tag value", v))
			specKey = "owner"
		}
		if len(problems) == 0 {
			j.pass(r.ID)
		}
		for _, p := range problems {
			j.failSpec(r.ID, specKey, "%s", p)
		}
	}
}
