package spec

// File is the pipeline specification as written in YAML. Every key is
// optional in YAML terms; Validate decides what is required.
type File struct {
	// Project holds settings shared by every environment.
	Project Project `yaml:"project"`
	// Processing says what the processor does with each dataset.
	Processing Processing `yaml:"processing"`
	// Environments maps an environment name (dev, staging, prod, ...) to its
	// settings. Each environment is generated as its own isolated stack.
	Environments map[string]*Environment `yaml:"environments"`
}

// Project holds the settings shared by every environment.
type Project struct {
	// Name prefixes every resource name: lowercase letters, digits and
	// hyphens, 2 to 16 characters. Required.
	Name string `yaml:"name"`
	// Owner is the default Owner tag: the team or address answerable for the
	// data. Required.
	Owner string `yaml:"owner"`
	// Region is the only region the stacks may be deployed to. Only
	// us-east-1 is supported; default us-east-1.
	Region string `yaml:"region"`
	// AlertEmail, when set, is subscribed by email to every environment's
	// alerts topic, which the stack's CloudWatch alarms (dead-letter queue,
	// function errors and throttles) notify. An address such as
	// oncall@example.com; the recipient must confirm the subscription.
	// Optional; default none, leaving the topic for other subscribers.
	AlertEmail string `yaml:"alertEmail"`
	// Defaults apply to every environment that does not set its own value.
	Defaults Defaults `yaml:"defaults"`
}

// Defaults are the per-environment values an environment may override.
type Defaults struct {
	// DataClassification is the DataClassification tag: public, internal,
	// confidential or restricted. Default confidential.
	DataClassification string `yaml:"dataClassification"`
	// AvailabilityZones is how many zones the private subnets span: 2 or 3.
	// Default 2.
	AvailabilityZones int `yaml:"availabilityZones"`
	// LogRetentionDays is how long every log group keeps its events: a
	// CloudWatch Logs retention value of at least 90. Default 90.
	LogRetentionDays int `yaml:"logRetentionDays"`
	// KeyRotationDays is the automatic rotation period of every KMS key,
	// 90 to 2560. Default 90.
	KeyRotationDays int `yaml:"keyRotationDays"`
	// Lambda sizes the processor function.
	Lambda Lambda `yaml:"lambda"`
}

// Lambda sizes the processor function. A field left out takes the
// project default, then the built-in one; a field written must be in range.
type Lambda struct {
	// MemoryMB is the function memory, 128 to 10240. Default 1024.
	MemoryMB int `yaml:"memoryMB"`
	// TimeoutSeconds is the function timeout, 1 to 900. Default 300.
	TimeoutSeconds int `yaml:"timeoutSeconds"`
	// ReservedConcurrency caps concurrent executions, 2 to 1000 (the SQS
	// trigger polls with at least 2). Default 5.
	ReservedConcurrency int `yaml:"reservedConcurrency"`
}

// Environment is one isolated deployment of the pipeline.
type Environment struct {
	// Suffix ends every resource name of the environment: lowercase letters,
	// digits and hyphens. Default: the environment's name.
	Suffix string `yaml:"suffix"`
	// AccountID, when set, is the only AWS account the stack may be
	// deployed to (12 digits). Optional.
	AccountID string `yaml:"accountId"`
	// VPCCIDR is the VPC's private IPv4 range, /16 to /24, not overlapping
	// any other environment. Required.
	VPCCIDR string `yaml:"vpcCidr"`
	// Owner overrides the project's Owner tag.
	Owner string `yaml:"owner"`
	// AlertEmail overrides the project's alertEmail for this environment.
	AlertEmail string `yaml:"alertEmail"`
	// DataClassification overrides the project default.
	DataClassification string `yaml:"dataClassification"`
	// AvailabilityZones overrides the project default.
	AvailabilityZones int `yaml:"availabilityZones"`
	// LogRetentionDays overrides the project default.
	LogRetentionDays int `yaml:"logRetentionDays"`
	// KeyRotationDays overrides the project default.
	KeyRotationDays int `yaml:"keyRotationDays"`
	// Secret names the existing secret holding the API credentials and the
	// pseudonymisation key. Required; it is read, never created.
	Secret Secret `yaml:"secret"`
	// Lambda overrides the project's function sizing, field by field.
	Lambda Lambda `yaml:"lambda"`
	// Suppressions waive compliance findings for this environment.
	Suppressions []Suppression `yaml:"suppressions"`
}

// Secret names an existing Secrets Manager secret.
type Secret struct {
	// ARN is the secret's full ARN, including the six-character suffix
	// Secrets Manager adds. Required.
	ARN string `yaml:"arn"`
	// KMSKeyARN is the ARN of the customer-managed key that encrypts the
	// secret. Leave empty when the secret uses the AWS-managed key.
	KMSKeyARN string `yaml:"kmsKeyArn"`
	// RotationDays is how often Secrets Manager rotates the secret with the
	// stack's rotation function, in days: 1 to 365. Default 30.
	RotationDays int `yaml:"rotationDays"`
}

// Suppression waives one compliance rule for one resource, with a reason an
// auditor can read.
type Suppression struct {
	// Rule is the rule ID, for example NET-001. Required.
	Rule string `yaml:"rule"`
	// Resource is the logical ID of the resource. Required.
	Resource string `yaml:"resource"`
	// Reason says why the finding is accepted. Required.
	Reason string `yaml:"reason"`
}

// Processing says what the processor does with each dataset.
type Processing struct {
	// MaxRecordBytes is the longest record processed; longer ones are
	// quarantined. 1024 to 16777216; default 1048576.
	MaxRecordBytes int `yaml:"maxRecordBytes"`
	// Datasets are matched by object key prefix. At least one is required.
	Datasets []Dataset `yaml:"datasets"`
}

// Dataset is a family of input objects sharing a format and a field policy.
type Dataset struct {
	// Name identifies the dataset: lowercase letters, digits, '-' and '_'.
	Name string `yaml:"name"`
	// Prefix selects the input objects, ending in '/'; prefixes may not
	// overlap.
	Prefix string `yaml:"prefix"`
	// Format is jsonl or csv (with a header row); either may be gzipped.
	Format string `yaml:"format"`
	// Required fields must be present in every record, or the record is
	// quarantined.
	Required []string `yaml:"required"`
	// Fields maps a field name to keep, pseudonymise, redact or drop. A
	// field not listed is dropped.
	Fields map[string]string `yaml:"fields"`
}
