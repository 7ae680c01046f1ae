package spec

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"
)

// Defaults applied when neither the project nor the environment sets a value.
const (
	DefaultRegion             = "us-east-1"
	DefaultClassification     = "confidential"
	DefaultAvailabilityZones  = 2
	DefaultLogRetentionDays   = 90
	DefaultKeyRotationDays    = 90
	DefaultMemoryMB           = 1024
	DefaultTimeoutSeconds     = 300
	DefaultReservedConcurrent = 5
	DefaultMaxRecordBytes     = 1 << 20
	DefaultSecretRotationDays = 30
)

type validator struct {
	file     string
	pos      positions
	problems Problems
}

// add reports a problem at path. The formatted text is the message, then
// "; " and the hint; only the last "; " separates them, since a quoted value
// in the message may hold one.
func (v *validator) add(path, format string, args ...any) {
	msg, hint := fmt.Sprintf(format, args...), ""
	if i := strings.LastIndex(msg, "; "); i >= 0 {
		msg, hint = msg[:i], msg[i+2:]
	}
	v.problems = append(v.problems, Problem{
		File: v.file, Line: v.pos.line(path), Path: path, Message: msg, Hint: hint,
	})
}

func (v *validator) resolve(f *File, order []string) *Spec {
	s := &Spec{
		Project: f.Project.Name,
		Region:  or(f.Project.Region, DefaultRegion),
	}
	v.project(f.Project, s.Region)
	s.Processing = v.processing(f.Processing)
	if len(order) == 0 {
		v.add("environments", "no environments; add one per stage, such as dev, staging and prod")
	}
	for _, name := range order {
		s.Envs = append(s.Envs, v.environment(f, name))
	}
	v.acrossEnvironments(s.Envs)
	return s
}

func (v *validator) project(p Project, region string) {
	switch {
	case p.Name == "":
		v.add("project.name", "missing; name the project, for example pipeline")
	case !projectPattern.MatchString(p.Name):
		v.add("project.name", "%q is not a valid project name; use 2 to 16 lowercase letters, digits and inner hyphens", p.Name)
	}
	v.tag("project.owner", p.Owner, true)
	v.email("project.alertEmail", p.AlertEmail)
	if region != DefaultRegion {
		v.add("project.region", "%q is not supported: the stacks are locked to us-east-1; write us-east-1 or remove the key", region)
	}
	d := p.Defaults
	v.oneOf("project.defaults.dataClassification", d.DataClassification, Classifications)
	v.zones("project.defaults.availabilityZones", d.AvailabilityZones)
	v.retention("project.defaults.logRetentionDays", d.LogRetentionDays)
	v.rotation("project.defaults.keyRotationDays", d.KeyRotationDays)
	v.lambda("project.defaults.lambda", d.Lambda)
}

func (v *validator) environment(f *File, name string) Env {
	path := "environments." + name
	raw := f.Environments[name]
	empty := raw == nil
	if empty {
		v.add(path, "empty environment; give at least vpcCidr and secret.arn")
		raw = &Environment{}
	}
	d := f.Project.Defaults
	e := Env{
		Name:               name,
		Suffix:             or(raw.Suffix, name),
		AccountID:          raw.AccountID,
		VPCCIDR:            raw.VPCCIDR,
		Owner:              or(raw.Owner, f.Project.Owner),
		AlertEmail:         or(raw.AlertEmail, f.Project.AlertEmail),
		DataClassification: or(raw.DataClassification, d.DataClassification, DefaultClassification),
		AvailabilityZones:  or(raw.AvailabilityZones, d.AvailabilityZones, DefaultAvailabilityZones),
		LogRetentionDays:   or(raw.LogRetentionDays, d.LogRetentionDays, DefaultLogRetentionDays),
		KeyRotationDays:    or(raw.KeyRotationDays, d.KeyRotationDays, DefaultKeyRotationDays),
		Secret:             raw.Secret,
		Lambda: Lambda{
			MemoryMB:            or(raw.Lambda.MemoryMB, d.Lambda.MemoryMB, DefaultMemoryMB),
			TimeoutSeconds:      or(raw.Lambda.TimeoutSeconds, d.Lambda.TimeoutSeconds, DefaultTimeoutSeconds),
			ReservedConcurrency: or(raw.Lambda.ReservedConcurrency, d.Lambda.ReservedConcurrency, DefaultReservedConcurrent),
		},
		Suppressions: raw.Suppressions,
		Line:         v.pos.line(path),
	}
	e.Secret.RotationDays = or(raw.Secret.RotationDays, DefaultSecretRotationDays)
	validName := envPattern.MatchString(name)
	if !validName {
		v.add(path, "%q is not a valid environment name; use lowercase letters, digits and inner hyphens, starting with a letter", name)
	}
	if empty {
		return e
	}
	switch err := checkSuffix(e.Suffix); {
	case raw.Suffix == "" && !validName:
		// The suffix defaults to the name, already reported.
	case err != nil:
		v.add(path+".suffix", "%q is not a valid suffix; %v", e.Suffix, err)
	case !projectPattern.MatchString(f.Project.Name):
		// Every name starts with the project name, already reported.
	default:
		if err := checkNames(f.Project.Name, e.Suffix); err != nil {
			v.add(path+".suffix", "%s%v", defaulted(raw.Suffix != ""), err)
		}
	}
	if raw.Owner != "" {
		v.tag(path+".owner", raw.Owner, false)
	}
	v.email(path+".alertEmail", raw.AlertEmail)
	if e.AccountID != "" && !accountPattern.MatchString(e.AccountID) {
		e.AccountID = "" // reported here, not again for each ARN
		v.add(path+".accountId", "%q is not an AWS account ID; write the 12 digits, quoted", raw.AccountID)
	}
	if e.VPCCIDR == "" {
		v.add(path+".vpcCidr", "missing; give the VPC a private range such as 10.20.0.0/16")
	} else if _, err := checkCIDR(e.VPCCIDR); err != nil {
		v.add(path+".vpcCidr", "%v", err)
	}
	v.oneOf(path+".dataClassification", raw.DataClassification, Classifications)
	v.zones(path+".availabilityZones", raw.AvailabilityZones)
	v.retention(path+".logRetentionDays", raw.LogRetentionDays)
	v.rotation(path+".keyRotationDays", raw.KeyRotationDays)
	v.lambda(path+".lambda", raw.Lambda)
	v.secret(path+".secret", e)
	v.between(path+".secret.rotationDays", raw.Secret.RotationDays, 1, 365)
	v.suppressions(path+".suppressions", e.Suppressions)
	return e
}

func (v *validator) secret(path string, e Env) {
	s := e.Secret
	switch m := secretPattern.FindStringSubmatch(s.ARN); {
	case s.ARN == "":
		v.add(path+".arn", "missing; give the ARN of the existing secret, such as arn:aws:secretsmanager:us-east-1:123456789012:secret:pipeline/prod/api-AbCdEf")
	case m != nil:
		v.sameAccountRegion(path+".arn", "secret", m[1], m[2], e.AccountID)
	case !strings.HasPrefix(s.ARN, "arn:aws:secretsmanager:"):
		v.add(path+".arn", "%q is not a Secrets Manager secret ARN; write arn:aws:secretsmanager:us-east-1:<account>:secret:<name>-<6 characters>", s.ARN)
	case secretNoSuffix.MatchString(s.ARN):
		v.add(path+".arn", "%q lacks the six-character suffix Secrets Manager adds to the name; copy the full ARN from the console or aws secretsmanager describe-secret", s.ARN)
	default:
		v.add(path+".arn", "%q is not a valid Secrets Manager secret ARN; copy the full ARN from the console or aws secretsmanager describe-secret", s.ARN)
	}
	switch m := keyPattern.FindStringSubmatch(s.KMSKeyARN); {
	case s.KMSKeyARN == "":
	case m != nil:
		v.sameAccountRegion(path+".kmsKeyArn", "key", m[1], m[2], e.AccountID)
	case aliasPattern.MatchString(s.KMSKeyARN):
		v.add(path+".kmsKeyArn", "%q is an alias, not a key; write the key's own ARN, arn:aws:kms:us-east-1:<account>:key/<key-id>, as aws kms describe-key shows it", s.KMSKeyARN)
	default:
		v.add(path+".kmsKeyArn", "%q is not a KMS key ARN; write arn:aws:kms:us-east-1:<account>:key/<key-id>", s.KMSKeyARN)
	}
}

// sameAccountRegion checks that the ARN of a secret or key (what) lies in
// the stacks' region and, when the environment names one, its account.
func (v *validator) sameAccountRegion(path, what, region, account, want string) {
	if region != DefaultRegion {
		v.add(path, "the %s is in region %s, not us-east-1; name a %s in us-east-1, where the stack runs", what, region, what)
	}
	if want != "" && account != want {
		v.add(path, "the %s is in account %s, not the environment's %s; name a %s of account %s, or correct accountId", what, account, want, what, want)
	}
}

func (v *validator) suppressions(path string, sups []Suppression) {
	for i, s := range sups {
		p := fmt.Sprintf("%s.%d", path, i)
		if s.Rule == "" {
			v.add(p+".rule", "missing; name the rule ID the suppression waives")
		}
		if s.Resource == "" {
			v.add(p+".resource", "missing; name the logical ID of the resource")
		}
		if strings.TrimSpace(s.Reason) == "" {
			v.add(p+".reason", "no reason given; a suppression must say why the finding is accepted")
		}
	}
}

func (v *validator) lambda(path string, l Lambda) {
	v.between(path+".memoryMB", l.MemoryMB, 128, 10240)
	v.between(path+".timeoutSeconds", l.TimeoutSeconds, 1, 900)
	v.between(path+".reservedConcurrency", l.ReservedConcurrency, 2, 1000)
}

// acrossEnvironments rejects what environments may not share.
func (v *validator) acrossEnvironments(envs []Env) {
	type seen struct {
		env    string
		prefix netip.Prefix
	}
	var cidrs []seen
	suffixes := map[string]string{}
	for _, e := range envs {
		path := "environments." + e.Name
		if other, ok := suffixes[e.Suffix]; ok {
			v.add(path+".suffix", "%ssuffix %q is also environment %s's; give each environment a suffix of its own",
				defaulted(v.pos.has(path+".suffix")), e.Suffix, other)
		}
		suffixes[e.Suffix] = e.Name
		p, err := checkCIDR(e.VPCCIDR)
		if err != nil {
			continue
		}
		for _, c := range cidrs {
			if c.prefix.Overlaps(p) {
				v.add(path+".vpcCidr", "%s overlaps environment %s's %s; give each environment a range of its own", p, c.env, c.prefix)
			}
		}
		cidrs = append(cidrs, seen{e.Name, p})
	}
}

func (v *validator) tag(path, value string, required bool) {
	switch {
	case value == "" && required:
		v.add(path, "missing; name the team or address answerable for the data")
	case value != "" && !tagValue.MatchString(value):
		v.add(path, "%q cannot be a tag value; use up to 256 letters, digits, spaces and _ . : / = + - @", value)
	}
}

func (v *validator) email(path, value string) {
	if value != "" && !emailPattern.MatchString(value) {
		v.add(path, "%q is not an email address; write one address such as oncall@example.com, or remove the key", value)
	}
}

func (v *validator) oneOf(path, value string, allowed []string) {
	if value != "" && !slices.Contains(allowed, value) {
		v.add(path, "%q is not allowed; write one of %s", value, strings.Join(allowed, ", "))
	}
}

func (v *validator) zones(path string, n int) {
	if v.pos.has(path) && !slices.Contains(AvailabilityZone, n) {
		v.add(path, "%d is not a supported number of zones; write 2 or 3", n)
	}
}

func (v *validator) retention(path string, days int) {
	switch {
	case !v.pos.has(path):
	case days < 90:
		v.add(path, "%d days is below the 90 days audit evidence must be kept; write 90 or more", days)
	case !slices.Contains(RetentionDays, days):
		v.add(path, "%d days is not a CloudWatch Logs retention period; write one of %s", days, joinInts(RetentionDays))
	}
}

func (v *validator) rotation(path string, days int) {
	switch {
	case !v.pos.has(path):
	case days < 90:
		v.add(path, "%d days is below the 90-day minimum; write 90 to 2560", days)
	case days > 2560:
		v.add(path, "%d days is above KMS's 2560-day maximum; write 90 to 2560", days)
	}
}

func (v *validator) between(path string, n, lo, hi int) {
	if v.pos.has(path) && (n < lo || n > hi) {
		v.add(path, "%d is out of range; write %d to %d", n, lo, hi)
	}
}

// defaulted introduces a problem with a suffix the spec does not write.
func defaulted(written bool) string {
	if written {
		return ""
	}
	return "no suffix is set, so the environment's name is used: "
}

// or returns the first value that is not the zero value.
func or[T comparable](values ...T) T {
	var zero T
	for _, v := range values {
		if v != zero {
			return v
		}
	}
	return zero
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}
