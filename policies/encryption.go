package policies

import (
	"fmt"
	"strings"

	"github.com/securepipe/securepipe/policies/template"
)

// Encryption at rest: customer-managed keys that rotate, a key for logs
// apart from the key for data, and every store encrypted under one.
func init() {
	register(
		&Rule{
			ID: "ENC-001", Title: "Customer-managed keys rotate automatically",
			Severity: Error, SOC2: []string{"CC6.1"}, SecurityHub: []string{"KMS.4"},
			Problem: "A key that never rotates keeps encrypting new data under the same material for ever.",
			Fix:     "Set EnableKeyRotation to true on the key.",
			check:   checkKeyRotation,
		},
		&Rule{
			ID: "ENC-002", Title: "Keys rotate at least every 90 days",
			Severity: Error, SOC2: []string{"CC6.1"},
			Problem: "The pipeline's key management standard rotates key material every 90 days; KMS rotates yearly unless told otherwise.",
			Fix:     "Set RotationPeriodInDays to 90 (keyRotationDays in the spec).",
			check:   checkRotationPeriod,
		},
		&Rule{
			ID: "ENC-003", Title: "Logs have a key of their own",
			Severity: Error, SOC2: []string{"CC6.1", "CC7.2"},
			Problem: "A key shared by logs and data lets whoever may decrypt the data also read, or disable, the audit evidence, and the reverse.",
			Fix:     "Encrypt log groups, trails and the trail's bucket with a key that encrypts nothing else.",
			check:   checkDedicatedLogsKey,
		},
		&Rule{
			ID: "ENC-004", Title: "Buckets use SSE-KMS with a customer-managed key and a bucket key",
			Severity: Error, SOC2: []string{"CC6.1", "C1.1"}, SecurityHub: []string{"S3.17"},
			Problem: "SSE-S3 or an AWS-managed key leaves access to the data with anyone the account lets use S3; without a bucket key every object costs a KMS call.",
			Fix:     "Set SSEAlgorithm aws:kms, KMSMasterKeyID to a key of the stack, and BucketKeyEnabled true.",
			check:   checkBucketEncryption,
		},
		&Rule{
			ID: "ENC-005", Title: "Queues are encrypted with a customer-managed key",
			Severity: Error, SOC2: []string{"CC6.1", "C1.1"}, SecurityHub: []string{"SQS.1"},
			Problem: "Messages name the objects being processed; unencrypted or under SQS's own key they are readable by anyone allowed to use SQS.",
			Fix:     "Set KmsMasterKeyId to a customer-managed key of the stack.",
			check:   storeEncryption("AWS::SQS::Queue", "queue", "KmsMasterKeyId"),
		},
		&Rule{
			ID: "ENC-010", Title: "Topics are encrypted with a customer-managed key",
			Severity: Error, SOC2: []string{"CC6.1", "CC7.2"}, SecurityHub: []string{"SNS.1"},
			Problem: "Alert messages name the resources and failures of the pipeline; unencrypted or under SNS's own key they are readable by anyone allowed to use SNS.",
			Fix:     "Set KmsMasterKeyId on the topic to a customer-managed key of the stack.",
			check:   storeEncryption("AWS::SNS::Topic", "topic", "KmsMasterKeyId"),
		},
		&Rule{
			ID: "ENC-006", Title: "Function environments are encrypted with a customer-managed key",
			Severity: Error, SOC2: []string{"CC6.1", "C1.1"},
			Problem: "Environment variables are otherwise encrypted under Lambda's AWS-managed key, outside the stack's key policies.",
			Fix:     "Set KmsKeyArn on the function to a customer-managed key of the stack.",
			check:   storeEncryption("AWS::Lambda::Function", "function environment", "KmsKeyArn"),
		},
		&Rule{
			ID: "ENC-007", Title: "Log groups are encrypted with a customer-managed key",
			Severity: Error, SOC2: []string{"CC6.1", "CC7.2"},
			Problem: "Log events can carry identifiers of the data processed; without a key of the stack anyone who can read logs can read them.",
			Fix:     "Set KmsKeyId on the log group to the logs key.",
			check:   storeEncryption("AWS::Logs::LogGroup", "log group", "KmsKeyId"),
		},
		&Rule{
			ID: "ENC-008", Title: "Trails encrypt their log files with a customer-managed key",
			Severity: Error, SOC2: []string{"CC6.1", "CC7.2"}, SecurityHub: []string{"CloudTrail.2"},
			Problem: "Trail log files under SSE-S3 are readable by anyone who can read the bucket.",
			Fix:     "Set KMSKeyId on the trail to the logs key.",
			check:   storeEncryption("AWS::CloudTrail::Trail", "trail", "KMSKeyId"),
		},
		&Rule{
			ID: "ENC-009", Title: "Encryption keys belong to the stack's account",
			Severity: Error, SOC2: []string{"CC6.1", "C1.1"},
			Problem: "Data under a key of another account is governed by that account's key policy: whoever administers the key can read the data, or make it unreadable by disabling the key. A key ARN of the stack's own account that the template does not create, such as the key of the existing secret, is accepted, since the account's own key policies govern it.",
			Fix:     "Encrypt with a key of the template, or with a key of the account the stack deploys to.",
			check:   checkKeyAccounts,
		},
	)
}

func checkKeyRotation(j *judge) {
	for _, k := range j.t.OfType("AWS::KMS::Key") {
		if spec, _ := template.Text(k.Prop("KeySpec")); spec != "" && spec != "SYMMETRIC_DEFAULT" {
			continue // KMS rotates symmetric encryption keys only
		}
		if template.IsTrue(k.Prop("EnableKeyRotation")) {
			j.pass(k.ID)
			continue
		}
		j.fail(k.ID, "key does not enable automatic rotation")
	}
}

func checkRotationPeriod(j *judge) {
	for _, k := range j.t.OfType("AWS::KMS::Key") {
		if !template.IsTrue(k.Prop("EnableKeyRotation")) {
			continue // ENC-001 reports it
		}
		days, ok := template.Number(k.Prop("RotationPeriodInDays"))
		switch {
		case !ok:
			j.failSpec(k.ID, "keyRotationDays", "key rotates every 365 days, KMS's default; RotationPeriodInDays is not set")
		case days > 90:
			j.failSpec(k.ID, "keyRotationDays", "key rotates every %g days, more than 90", days)
		default:
			j.pass(k.ID)
		}
	}
}

// customerKey says what is wrong with the key v names, if anything.
func customerKey(t *template.Template, v any) (keyUse, string) {
	if v == nil {
		return keyUse{}, "names no KMS key"
	}
	u, ok := resolveKey(t, v)
	switch {
	case !ok:
		if name, isRef := template.Ref(v); isRef && t.Parameters[name] != nil {
			return keyUse{External: "${" + name + "}"}, ""
		}
		return u, fmt.Sprintf("names key %q, which is neither a key of the template nor a key ARN", u.Text)
	case u.Managed:
		return u, fmt.Sprintf("uses the AWS-managed key %q", u.Text)
	}
	return u, ""
}

func storeEncryption(typ, what, prop string) func(*judge) {
	return func(j *judge) {
		for _, r := range j.t.OfType(typ) {
			if r.Type == "AWS::Lambda::Function" && r.Prop("Environment", "Variables") == nil {
				continue // nothing to encrypt
			}
			if _, problem := customerKey(j.t, r.Prop(prop)); problem != "" {
				j.fail(r.ID, "%s %s (%s)", what, problem, prop)
				continue
			}
			j.pass(r.ID)
		}
	}
}

// checkKeyAccounts compares the account of every literal key ARN a store
// encrypts with to the stack's account, where the template tells it.
func checkKeyAccounts(j *judge) {
	account, known := stackAccount(j.t)
	for _, r := range j.t.All() {
		refs := keyRefs(r)
		if len(refs) == 0 {
			continue
		}
		var problems []string
		for _, ref := range refs {
			u, ok := resolveKey(j.t, ref)
			if !ok || u.External == "" {
				continue
			}
			if owner := keyAccount(u.External); known && owner != "" && owner != account {
				problems = append(problems, fmt.Sprintf("%s encrypts with key %s of account %s, not with a key of the stack's account %s",
					storeNoun(r), u.External, owner, account))
			}
		}
		j.verdict(r.ID, problems)
	}
}

// storeNoun names a resource that encrypts with a key.
func storeNoun(r *template.Resource) string {
	if noun, ok := typeNoun[r.Type]; ok {
		return noun
	}
	switch r.Type {
	case "AWS::Lambda::Function":
		return "function"
	case "AWS::SNS::Topic":
		return "topic"
	}
	return r.Type
}

func checkBucketEncryption(j *judge) {
	for _, b := range j.t.OfType("AWS::S3::Bucket") {
		rules := template.List(b.Prop("BucketEncryption", "ServerSideEncryptionConfiguration"))
		if len(rules) == 0 {
			j.fail(b.ID, "bucket has no default encryption, so S3 uses SSE-S3")
			continue
		}
		var problems []string
		for _, rule := range rules {
			alg, _ := template.Text(template.Get(rule, "ServerSideEncryptionByDefault", "SSEAlgorithm"))
			if alg != "aws:kms" && alg != "aws:kms:dsse" {
				problems = append(problems, fmt.Sprintf("bucket encrypts with %q, not aws:kms", alg))
				continue
			}
			key := template.Get(rule, "ServerSideEncryptionByDefault", "KMSMasterKeyID")
			if _, problem := customerKey(j.t, key); problem != "" {
				problems = append(problems, "bucket "+problem)
			}
			if !template.IsTrue(template.Get(rule, "BucketKeyEnabled")) {
				problems = append(problems, "bucket does not enable a bucket key (BucketKeyEnabled)")
			}
		}
		j.verdict(b.ID, problems)
	}
}

// logStores are resources whose key must serve logs only.
func isLogStore(r *template.Resource, trailBuckets map[string]bool) bool {
	return r.Type == "AWS::Logs::LogGroup" || r.Type == "AWS::CloudTrail::Trail" || trailBuckets[r.ID]
}

func checkDedicatedLogsKey(j *judge) {
	buckets := trailBuckets(j.t)
	logs := map[string][]string{}
	data := map[string][]string{}
	for _, r := range j.t.All() {
		for _, ref := range keyRefs(r) {
			u, ok := resolveKey(j.t, ref)
			if !ok || u.Key == "" {
				continue
			}
			if isLogStore(r, buckets) {
				logs[u.Key] = append(logs[u.Key], r.ID)
			} else {
				data[u.Key] = append(data[u.Key], r.ID)
			}
		}
	}
	for _, k := range j.t.OfType("AWS::KMS::Key") {
		if len(logs[k.ID]) == 0 {
			continue
		}
		if len(data[k.ID]) > 0 {
			j.fail(k.ID, "key encrypts logs (%s) and also data (%s)",
				strings.Join(logs[k.ID], ", "), strings.Join(data[k.ID], ", "))
			continue
		}
		j.pass(k.ID)
	}
}
