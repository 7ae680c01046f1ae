package spec

import "testing"

// valueCases are well-formed specs with a value missing or impossible.
var valueCases = []invalidCase{
	{"alert-email-invalid", []string{
		`testdata/invalid/alert-email-invalid.yaml:6: project.alertEmail: "oncall" is not an email address; write one address such as oncall@example.com, or remove the key`,
		`testdata/invalid/alert-email-invalid.yaml:21: environments.dev.alertEmail: "a@example.com, b@example.com" is not an email address; write one address such as oncall@example.com, or remove the key`,
	}},
	{"account-id-invalid", []string{
		`testdata/invalid/account-id-invalid.yaml:18: environments.dev.accountId: "11111111111" is not an AWS account ID; write the 12 digits, quoted`,
	}},
	{"cidr-host-bits", []string{
		`testdata/invalid/cidr-host-bits.yaml:18: environments.dev.vpcCidr: "10.10.1.0/16" has host bits set; write 10.10.0.0/16`,
	}},
	{"cidr-ipv6", []string{
		`testdata/invalid/cidr-ipv6.yaml:18: environments.dev.vpcCidr: "fd00::/48" is not an IPv4 CIDR block; write one such as 10.20.0.0/16`,
	}},
	{"cidr-not-a-cidr", []string{
		`testdata/invalid/cidr-not-a-cidr.yaml:18: environments.dev.vpcCidr: "10.10.0.0" is not an IPv4 CIDR block; write one such as 10.20.0.0/16`,
	}},
	{"cidr-overlap", []string{
		"testdata/invalid/cidr-overlap.yaml:22: environments.prod.vpcCidr: 10.10.128.0/17 overlaps environment dev's 10.10.0.0/16; give each environment a range of its own",
	}},
	{"cidr-public", []string{
		`testdata/invalid/cidr-public.yaml:18: environments.dev.vpcCidr: "8.8.0.0/16" is not a private range; use a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16`,
	}},
	{"cidr-too-large", []string{
		`testdata/invalid/cidr-too-large.yaml:18: environments.dev.vpcCidr: "10.0.0.0/8" is a /8, and a VPC here is /16 to /24; write a block such as 10.20.0.0/16`,
	}},
	{"cidr-too-small", []string{
		`testdata/invalid/cidr-too-small.yaml:18: environments.dev.vpcCidr: "10.10.0.0/28" is a /28, and a VPC here is /16 to /24; write a block such as 10.20.0.0/16`,
	}},
	{"cidr-value-on-next-line", []string{
		`testdata/invalid/cidr-value-on-next-line.yaml:19: environments.dev.vpcCidr: "10.10.1.0/16" has host bits set; write 10.10.0.0/16`,
	}},
	{"classification-unknown", []string{
		`testdata/invalid/classification-unknown.yaml:19: environments.dev.dataClassification: "secret" is not allowed; write one of public, internal, confidential, restricted`,
	}},
	{"dataset-format-unknown", []string{
		`testdata/invalid/dataset-format-unknown.yaml:10: processing.datasets.0.format: "parquet" is not allowed; write one of jsonl, csv`,
	}},
	{"dataset-name-duplicate", []string{
		`testdata/invalid/dataset-name-duplicate.yaml:15: processing.datasets.1.name: "customers" is already the name of the dataset at line 8; give each dataset a name of its own`,
	}},
	{"dataset-name-invalid", []string{
		`testdata/invalid/dataset-name-invalid.yaml:8: processing.datasets.0.name: "Customers" is not a valid dataset name; use lowercase letters, digits, - and _, starting with a letter`,
	}},
	{"dataset-prefix-bad-characters", []string{
		`testdata/invalid/dataset-prefix-bad-characters.yaml:9: processing.datasets.0.prefix: "our customers/" is not a key prefix; use letters, digits and ! _ . * ' ( ) - /, ending in /, such as customers/`,
	}},
	{"dataset-prefix-missing-slash", []string{
		`testdata/invalid/dataset-prefix-missing-slash.yaml:9: processing.datasets.0.prefix: "customers" does not end in /; write customers/`,
	}},
	{"dataset-prefix-overlap", []string{
		`testdata/invalid/dataset-prefix-overlap.yaml:16: processing.datasets.1.prefix: "customers/eu/" overlaps "customers/" of dataset customers; give each dataset a prefix that is not the start of another's`,
	}},
	{"empty-environment", []string{
		"testdata/invalid/empty-environment.yaml:21: environments.prod: empty environment; give at least vpcCidr and secret.arn",
	}},
	{"environment-name-invalid", []string{
		`testdata/invalid/environment-name-invalid.yaml:17: environments.Dev: "Dev" is not a valid environment name; use lowercase letters, digits and inner hyphens, starting with a letter`,
	}},
	{"environment-name-too-long", []string{
		`testdata/invalid/environment-name-too-long.yaml:17: environments.development-environment-of-the-team.suffix: no suffix is set, so the environment's name is used: "development-environment-of-the-team" is 35 characters, which takes resource names past AWS's limits; with project pipeline write at most 31 characters`,
	}},
	{"field-action-unknown", []string{
		`testdata/invalid/field-action-unknown.yaml:14: processing.datasets.0.fields.email: "hash" is not allowed; write one of keep, pseudonymise, redact, drop`,
	}},
	{"kms-key-alias", []string{
		`testdata/invalid/kms-key-alias.yaml:22: environments.dev.secret.kmsKeyArn: "arn:aws:kms:us-east-1:111111111111:alias/pipeline-dev" is an alias, not a key; write the key's own ARN, arn:aws:kms:us-east-1:<account>:key/<key-id>, as aws kms describe-key shows it`,
	}},
	{"kms-key-other-account", []string{
		"testdata/invalid/kms-key-other-account.yaml:22: environments.dev.secret.kmsKeyArn: the key is in account 999999999999, not the environment's 111111111111; name a key of account 111111111111, or correct accountId",
	}},
	{"kms-key-other-region", []string{
		"testdata/invalid/kms-key-other-region.yaml:22: environments.dev.secret.kmsKeyArn: the key is in region us-west-2, not us-east-1; name a key in us-east-1, where the stack runs",
	}},
	{"kms-key-wrong-service", []string{
		`testdata/invalid/kms-key-wrong-service.yaml:22: environments.dev.secret.kmsKeyArn: "arn:aws:secretsmanager:us-east-1:111111111111:secret:pipeline/dev/api-Ab12Cd" is not a KMS key ARN; write arn:aws:kms:us-east-1:<account>:key/<key-id>`,
	}},
	{"lambda-concurrency-too-high", []string{
		"testdata/invalid/lambda-concurrency-too-high.yaml:7: project.defaults.lambda.reservedConcurrency: 1001 is out of range; write 2 to 1000",
	}},
	{"lambda-concurrency-too-low", []string{
		"testdata/invalid/lambda-concurrency-too-low.yaml:20: environments.dev.lambda.reservedConcurrency: 1 is out of range; write 2 to 1000",
	}},
	{"lambda-memory-too-large", []string{
		"testdata/invalid/lambda-memory-too-large.yaml:7: project.defaults.lambda.memoryMB: 20480 is out of range; write 128 to 10240",
	}},
	{"lambda-memory-too-small", []string{
		"testdata/invalid/lambda-memory-too-small.yaml:20: environments.dev.lambda.memoryMB: 64 is out of range; write 128 to 10240",
	}},
	{"lambda-timeout-too-long", []string{
		"testdata/invalid/lambda-timeout-too-long.yaml:20: environments.dev.lambda.timeoutSeconds: 901 is out of range; write 1 to 900",
	}},
	{"lambda-timeout-zero", []string{
		"testdata/invalid/lambda-timeout-zero.yaml:20: environments.dev.lambda.timeoutSeconds: 0 is out of range; write 1 to 900",
	}},
	{"max-record-bytes-too-small", []string{
		"testdata/invalid/max-record-bytes-too-small.yaml:7: processing.maxRecordBytes: 512 is out of range; write 1024 to 16777216",
	}},
	{"missing-dataset-fields", []string{
		"testdata/invalid/missing-dataset-fields.yaml:8: processing.datasets.0.fields: no fields; list each field with keep, pseudonymise, redact or drop",
	}},
	{"missing-dataset-format", []string{
		"testdata/invalid/missing-dataset-format.yaml:8: processing.datasets.0.format: missing; write jsonl or csv",
	}},
	{"missing-dataset-name", []string{
		"testdata/invalid/missing-dataset-name.yaml:8: processing.datasets.0.name: missing; name the dataset, such as customers",
	}},
	{"missing-dataset-prefix", []string{
		"testdata/invalid/missing-dataset-prefix.yaml:8: processing.datasets.0.prefix: missing; give the key prefix of the dataset's objects, such as customers/",
	}},
	{"missing-datasets", []string{
		"testdata/invalid/missing-datasets.yaml:6: processing.datasets: no datasets; describe at least one, or the processor quarantines everything",
	}},
	{"missing-environments", []string{
		"testdata/invalid/missing-environments.yaml:1: environments: no environments; add one per stage, such as dev, staging and prod",
	}},
	{"missing-processing", []string{
		"testdata/invalid/missing-processing.yaml:1: processing.datasets: no datasets; describe at least one, or the processor quarantines everything",
	}},
	{"missing-project-name", []string{
		"testdata/invalid/missing-project-name.yaml:2: project.name: missing; name the project, for example pipeline",
	}},
	{"missing-project-owner", []string{
		"testdata/invalid/missing-project-owner.yaml:2: project.owner: missing; name the team or address answerable for the data",
	}},
	{"missing-project", []string{
		"testdata/invalid/missing-project.yaml:1: project.name: missing; name the project, for example pipeline",
		"testdata/invalid/missing-project.yaml:1: project.owner: missing; name the team or address answerable for the data",
	}},
	{"missing-secret-arn", []string{
		"testdata/invalid/missing-secret-arn.yaml:19: environments.dev.secret.arn: missing; give the ARN of the existing secret, such as arn:aws:secretsmanager:us-east-1:123456789012:secret:pipeline/prod/api-AbCdEf",
	}},
	{"missing-secret", []string{
		"testdata/invalid/missing-secret.yaml:17: environments.dev.secret.arn: missing; give the ARN of the existing secret, such as arn:aws:secretsmanager:us-east-1:123456789012:secret:pipeline/prod/api-AbCdEf",
	}},
	{"missing-vpc-cidr", []string{
		"testdata/invalid/missing-vpc-cidr.yaml:17: environments.dev.vpcCidr: missing; give the VPC a private range such as 10.20.0.0/16",
	}},
	{"no-environments", []string{
		"testdata/invalid/no-environments.yaml:16: environments: no environments; add one per stage, such as dev, staging and prod",
	}},
	{"owner-not-a-tag-value", []string{
		`testdata/invalid/owner-not-a-tag-value.yaml:4: project.owner: "data; analytics" cannot be a tag value; use up to 256 letters, digits, spaces and _ . : / = + - @`,
	}},
	{"project-name-invalid", []string{
		`testdata/invalid/project-name-invalid.yaml:3: project.name: "Pipeline" is not a valid project name; use 2 to 16 lowercase letters, digits and inner hyphens`,
	}},
	{"region-unsupported", []string{
		`testdata/invalid/region-unsupported.yaml:5: project.region: "eu-west-1" is not supported: the stacks are locked to us-east-1; write us-east-1 or remove the key`,
	}},
	{"required-field-dropped", []string{
		`testdata/invalid/required-field-dropped.yaml:11: processing.datasets.0.required.0: "customer_id" is required but dropped; keep, pseudonymise or redact it`,
	}},
	{"required-field-empty", []string{
		"testdata/invalid/required-field-empty.yaml:11: processing.datasets.0.required.1: empty value; write a value or remove the key",
	}},
	{"required-field-not-in-fields", []string{
		`testdata/invalid/required-field-not-in-fields.yaml:11: processing.datasets.0.required.1: "signup_date" is required but not in fields; add it to fields`,
	}},
	{"retention-below-90", []string{
		"testdata/invalid/retention-below-90.yaml:19: environments.dev.logRetentionDays: 30 days is below the 90 days audit evidence must be kept; write 90 or more",
	}},
	{"retention-not-cloudwatch", []string{
		"testdata/invalid/retention-not-cloudwatch.yaml:19: environments.dev.logRetentionDays: 100 days is not a CloudWatch Logs retention period; write one of 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653",
	}},
	{"retention-zero", []string{
		"testdata/invalid/retention-zero.yaml:6: project.defaults.logRetentionDays: 0 days is below the 90 days audit evidence must be kept; write 90 or more",
	}},
	{"rotation-above-2560", []string{
		"testdata/invalid/rotation-above-2560.yaml:6: project.defaults.keyRotationDays: 3650 days is above KMS's 2560-day maximum; write 90 to 2560",
	}},
	{"rotation-below-90", []string{
		"testdata/invalid/rotation-below-90.yaml:19: environments.dev.keyRotationDays: 30 days is below the 90-day minimum; write 90 to 2560",
	}},
	{"secret-arn-malformed", []string{
		`testdata/invalid/secret-arn-malformed.yaml:20: environments.dev.secret.arn: "arn:aws:secretsmanager:us-east-1:1111:secret:pipeline/dev/api-Ab12Cd" is not a valid Secrets Manager secret ARN; copy the full ARN from the console or aws secretsmanager describe-secret`,
	}},
	{"secret-arn-missing-suffix", []string{
		`testdata/invalid/secret-arn-missing-suffix.yaml:20: environments.dev.secret.arn: "arn:aws:secretsmanager:us-east-1:111111111111:secret:pipeline/dev/api" lacks the six-character suffix Secrets Manager adds to the name; copy the full ARN from the console or aws secretsmanager describe-secret`,
	}},
	{"secret-arn-other-account", []string{
		"testdata/invalid/secret-arn-other-account.yaml:21: environments.dev.secret.arn: the secret is in account 111111111111, not the environment's 222222222222; name a secret of account 222222222222, or correct accountId",
	}},
	{"secret-arn-other-region", []string{
		"testdata/invalid/secret-arn-other-region.yaml:20: environments.dev.secret.arn: the secret is in region eu-west-1, not us-east-1; name a secret in us-east-1, where the stack runs",
	}},
	{"secret-arn-wrong-service", []string{
		`testdata/invalid/secret-arn-wrong-service.yaml:20: environments.dev.secret.arn: "arn:aws:ssm:us-east-1:111111111111:parameter/pipeline/dev/api" is not a Secrets Manager secret ARN; write arn:aws:secretsmanager:us-east-1:<account>:secret:<name>-<6 characters>`,
	}},
	{"secret-rotation-days-too-high", []string{
		"testdata/invalid/secret-rotation-days-too-high.yaml:21: environments.dev.secret.rotationDays: 366 is out of range; write 1 to 365",
	}},
	{"secret-rotation-days-zero", []string{
		"testdata/invalid/secret-rotation-days-zero.yaml:21: environments.dev.secret.rotationDays: 0 is out of range; write 1 to 365",
	}},
	{"several-problems", []string{
		"testdata/invalid/several-problems.yaml:2: project.owner: missing; name the team or address answerable for the data",
		`testdata/invalid/several-problems.yaml:15: environments.dev.vpcCidr: "10.10.1.0/16" has host bits set; write 10.10.0.0/16`,
		"testdata/invalid/several-problems.yaml:16: environments.dev.logRetentionDays: 30 days is below the 90 days audit evidence must be kept; write 90 or more",
	}},
	{"suffix-duplicate", []string{
		`testdata/invalid/suffix-duplicate.yaml:22: environments.prod.suffix: suffix "dev" is also environment dev's; give each environment a suffix of its own`,
	}},
	{"suffix-duplicate-by-default", []string{
		`testdata/invalid/suffix-duplicate-by-default.yaml:22: environments.dev.suffix: no suffix is set, so the environment's name is used: suffix "dev" is also environment sandbox's; give each environment a suffix of its own`,
	}},
	{"suffix-invalid", []string{
		`testdata/invalid/suffix-invalid.yaml:19: environments.dev.suffix: "Dev" is not a valid suffix; use lowercase letters, digits and inner hyphens, such as prod or review-42`,
	}},
	{"suffix-too-long", []string{
		`testdata/invalid/suffix-too-long.yaml:19: environments.dev.suffix: "development-environment-of-the-team" is 35 characters, which takes resource names past AWS's limits; with project pipeline write at most 31 characters`,
	}},
	{"suffix-trailing-hyphen", []string{
		`testdata/invalid/suffix-trailing-hyphen.yaml:19: environments.dev.suffix: "dev-" is not a valid suffix; use lowercase letters, digits and inner hyphens, such as prod or review-42`,
	}},
	{"suppression-blank-reason", []string{
		"testdata/invalid/suppression-blank-reason.yaml:22: environments.dev.suppressions.0.reason: no reason given; a suppression must say why the finding is accepted",
	}},
	{"suppression-without-reason", []string{
		"testdata/invalid/suppression-without-reason.yaml:20: environments.dev.suppressions.0.reason: no reason given; a suppression must say why the finding is accepted",
	}},
	{"suppression-without-rule", []string{
		"testdata/invalid/suppression-without-rule.yaml:20: environments.dev.suppressions.0.rule: missing; name the rule ID the suppression waives",
	}},
	{"zones-four", []string{
		"testdata/invalid/zones-four.yaml:6: project.defaults.availabilityZones: 4 is not a supported number of zones; write 2 or 3",
	}},
	{"zones-one", []string{
		"testdata/invalid/zones-one.yaml:19: environments.dev.availabilityZones: 1 is not a supported number of zones; write 2 or 3",
	}}}

func TestValueProblems(t *testing.T) {
	checkInvalid(t, valueCases)
}
