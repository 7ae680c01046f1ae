package spec

import "testing"

// shapeCases are specs that are not well-formed YAML of the spec's shape:
// they are rejected before any value is looked at.
var shapeCases = []invalidCase{
	{"alias", []string{
		"testdata/invalid/alias.yaml:23: environments.prod.secret: *secret is a YAML alias, which the spec does not use; write the value out in full",
	}},
	{"boolean-for-number", []string{
		"testdata/invalid/boolean-for-number.yaml:19: environments.dev.keyRotationDays: expected a whole number, found the boolean true; write digits only, without quotes",
	}},
	{"comments-only", []string{
		"testdata/invalid/comments-only.yaml:1: the spec is empty; start from templates/pipeline.yaml",
	}},
	{"duplicate-environment", []string{
		"testdata/invalid/duplicate-environment.yaml:21: environments.dev: written twice, first at line 17; keep only one",
	}},
	{"duplicate-field", []string{
		"testdata/invalid/duplicate-field.yaml:15: processing.datasets.0.fields.email: written twice, first at line 14; keep only one",
	}},
	{"duplicate-key", []string{
		"testdata/invalid/duplicate-key.yaml:19: environments.dev.vpcCidr: written twice, first at line 18; keep only one",
	}},
	{"empty-list-item", []string{
		`testdata/invalid/empty-list-item.yaml:8: processing.datasets.0: an empty list item; fill it in or remove its "-" line`,
	}},
	{"empty-value", []string{
		"testdata/invalid/empty-value.yaml:19: environments.dev.suffix: empty value; write a value or remove the key",
	}},
	{"empty", []string{
		"testdata/invalid/empty.yaml:1: the spec is empty; start from templates/pipeline.yaml",
	}},
	{"fraction-for-number", []string{
		"testdata/invalid/fraction-for-number.yaml:19: environments.dev.logRetentionDays: expected a whole number, found the number 90.5; write digits only, without quotes",
	}},
	{"list-for-mapping", []string{
		"testdata/invalid/list-for-mapping.yaml:19: environments.dev.secret: expected a mapping, found a list; write key: value lines indented below it, with keys from: arn, kmsKeyArn, rotationDays",
	}},
	{"list-for-text", []string{
		"testdata/invalid/list-for-text.yaml:18: environments.dev.vpcCidr: expected a single value, found a list; write one value after the colon",
	}},
	{"mapping-for-list", []string{
		`testdata/invalid/mapping-for-list.yaml:11: processing.datasets.0.required: expected a list, found a mapping; write the items as [a, b] or each on its own line after "- "`,
	}},
	{"mapping-for-text", []string{
		"testdata/invalid/mapping-for-text.yaml:5: project.owner: expected a single value, found a mapping; write one value after the colon",
	}},
	{"merge-key", []string{
		"testdata/invalid/merge-key.yaml:22: environments.prod.<<: YAML merge keys (<<) are not supported; write the keys out in full",
	}},
	{"no-value", []string{
		"testdata/invalid/no-value.yaml:4: project.owner: no value; write a value or remove the key",
	}},
	{"null-document", []string{
		"testdata/invalid/null-document.yaml:1: the spec is empty; start from templates/pipeline.yaml",
	}},
	{"quoted-number", []string{
		`testdata/invalid/quoted-number.yaml:20: environments.dev.lambda.memoryMB: expected a whole number, found text "512"; write digits only, without quotes`,
	}},
	{"second-document", []string{
		"testdata/invalid/second-document.yaml:21: a second YAML document; the spec is one document: remove this --- line and what follows, or merge them",
	}},
	{"syntax-indentation", []string{
		"testdata/invalid/syntax-indentation.yaml:2: did not find expected key; a line in this block is indented differently from its siblings: line it up",
	}},
	{"syntax-tab", []string{
		"testdata/invalid/syntax-tab.yaml:3: found character that cannot start any token; indent with spaces, not tabs, and quote a value that starts with @, ` or %",
	}},
	{"syntax-unclosed-bracket", []string{
		"testdata/invalid/syntax-unclosed-bracket.yaml:11: did not find expected ',' or ']'; close the [ opened here",
	}},
	{"syntax-unclosed-quote", []string{
		"testdata/invalid/syntax-unclosed-quote.yaml:21: found unexpected end of stream; close the quote opened here",
	}},
	{"syntax-unquoted-colon", []string{
		`testdata/invalid/syntax-unquoted-colon.yaml:4: mapping values are not allowed in this context; quote a value that holds ": ", and line keys up with their siblings`,
	}},
	{"text-for-list", []string{
		`testdata/invalid/text-for-list.yaml:11: processing.datasets.0.required: expected a list, found text "customer_id"; write the items as [a, b] or each on its own line after "- "`,
	}},
	{"text-for-mapping", []string{
		`testdata/invalid/text-for-mapping.yaml:16: environments: expected a mapping, found text "dev"; write name: value lines indented below it`,
	}},
	{"text-for-number", []string{
		`testdata/invalid/text-for-number.yaml:19: environments.dev.availabilityZones: expected a whole number, found text "three"; write digits only, without quotes`,
	}},
	{"top-level-list", []string{
		"testdata/invalid/top-level-list.yaml:2: expected a mapping, found a list; write key: value lines indented below it, with keys from: environments, processing, project",
	}},
	{"unknown-key-in-dataset", []string{
		`testdata/invalid/unknown-key-in-dataset.yaml:11: processing.datasets.0.compression: unknown key "compression"; allowed here: fields, format, name, prefix, required`,
	}},
	{"unknown-key-in-environment", []string{
		`testdata/invalid/unknown-key-in-environment.yaml:19: environments.dev.region: unknown key "region"; allowed here: accountId, alertEmail, availabilityZones, dataClassification, keyRotationDays, lambda, logRetentionDays, owner, secret, suffix, suppressions, vpcCidr`,
	}},
	{"unknown-key-in-secret", []string{
		`testdata/invalid/unknown-key-in-secret.yaml:21: environments.dev.secret.name: unknown key "name"; allowed here: arn, kmsKeyArn, rotationDays`,
	}},
	{"unknown-key-in-suppression", []string{
		`testdata/invalid/unknown-key-in-suppression.yaml:23: environments.dev.suppressions.0.expires: unknown key "expires"; allowed here: reason, resource, rule`,
	}},
	{"unknown-key-nested", []string{
		`testdata/invalid/unknown-key-nested.yaml:7: project.defaults.lambda.memory: unknown key "memory"; allowed here: memoryMB, reservedConcurrency, timeoutSeconds`,
	}},
	{"unknown-key-top-level", []string{
		`testdata/invalid/unknown-key-top-level.yaml:21: outputs: unknown key "outputs"; allowed here: environments, processing, project`,
	}},
	{"unknown-key-wrong-case", []string{
		`testdata/invalid/unknown-key-wrong-case.yaml:18: environments.dev.vpcCIDR: unknown key "vpcCIDR"; write vpcCidr: keys are case-sensitive`,
	}}}

func TestShapeProblems(t *testing.T) {
	checkInvalid(t, shapeCases)
}
