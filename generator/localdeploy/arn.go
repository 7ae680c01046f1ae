package localdeploy

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// The stack reads a secret and its key that exist before it does; the
// template names them by literal ARN.
var (
	secretARNPattern = regexp.MustCompile(
		`arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}\b`)
	keyARNPattern = regexp.MustCompile(
		`arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/(mrk-)?[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}\b`)
)

// SecretARN is the parsed ARN of a Secrets Manager secret.
type SecretARN struct {
	ARN     string
	Region  string
	Account string
	// Name is the secret's name, without the six-character suffix.
	Name string
	// Suffix is the six characters Secrets Manager appends to the name.
	Suffix string
}

// ParseSecretARN splits a full secret ARN, suffix included.
func ParseSecretARN(arn string) (SecretARN, error) {
	if secretARNPattern.FindString(arn) != arn {
		return SecretARN{}, fmt.Errorf("parse secret ARN %q: want "+
			"arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-XXXXXX", arn)
	}

	parts := strings.SplitN(arn, ":", 7)
	full := parts[6]
	cut := len(full) - 7
	return SecretARN{
		ARN:     arn,
		Region:  parts[3],
		Account: parts[4],
		Name:    full[:cut],
		Suffix:  full[cut+1:],
	}, nil
}

// KeyARN is the parsed ARN of a KMS key.
type KeyARN struct {
	ARN     string
	Region  string
	Account string
	ID      string
}

// ParseKeyARN splits a KMS key ARN.
func ParseKeyARN(arn string) (KeyARN, error) {
	if keyARNPattern.FindString(arn) != arn {
		return KeyARN{}, fmt.Errorf("parse KMS key ARN %q: want "+
			"arn:aws:kms:REGION:ACCOUNT:key/KEY-ID", arn)
	}

	parts := strings.SplitN(arn, ":", 6)
	return KeyARN{
		ARN:     arn,
		Region:  parts[3],
		Account: parts[4],
		ID:      strings.TrimPrefix(parts[5], "key/"),
	}, nil
}

// LiteralARNs returns the distinct secret ARNs and KMS key ARNs written as
// literal strings anywhere in the template, sorted.
func (t *Template) LiteralARNs() (secrets, keys []string) {
	seenSecrets := map[string]bool{}
	seenKeys := map[string]bool{}
	walkStrings(t.doc, func(s string) {
		for _, m := range secretARNPattern.FindAllString(s, -1) {
			seenSecrets[m] = true
		}
		for _, m := range keyARNPattern.FindAllString(s, -1) {
			seenKeys[m] = true
		}
	})

	return sortedKeys(seenSecrets), sortedKeys(seenKeys)
}

// walkStrings calls fn for every string in v, map keys excluded.
func walkStrings(v any, fn func(string)) {
	switch v := v.(type) {
	case string:
		fn(v)
	case map[string]any:
		for _, e := range v {
			walkStrings(e, fn)
		}
	case []any:
		for _, e := range v {
			walkStrings(e, fn)
		}
	}
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// externalResources returns the secret and key the stack expects to find:
// those the options name, else the one of each the template names.
func externalResources(o Options, t *Template) (SecretARN, KeyARN, error) {
	secrets, keys := t.LiteralARNs()

	secretARN, err := pickARN("secret", "SecretARN", o.SecretARN, secrets)
	if err != nil {
		return SecretARN{}, KeyARN{}, err
	}
	keyARN, err := pickARN("KMS key", "SecretKeyARN", o.SecretKeyARN, keys)
	if err != nil {
		return SecretARN{}, KeyARN{}, err
	}

	secret, err := ParseSecretARN(secretARN)
	if err != nil {
		return SecretARN{}, KeyARN{}, err
	}
	key, err := ParseKeyARN(keyARN)
	if err != nil {
		return SecretARN{}, KeyARN{}, err
	}
	if secret.Region != region || key.Region != region {
		return SecretARN{}, KeyARN{}, fmt.Errorf("check secret and key ARNs: they name "+
			"regions %s and %s; the pipeline deploys to %s only", secret.Region, key.Region, region)
	}

	return secret, key, nil
}

func pickARN(what, option, given string, found []string) (string, error) {
	if given != "" {
		return given, nil
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return "", fmt.Errorf("find the %s ARN: the template names none; "+
			"set Options.%s to the ARN the stack expects", what, option)
	}
	return "", fmt.Errorf("find the %s ARN: the template names %d (%s); "+
		"set Options.%s to the one the stack expects to exist already",
		what, len(found), strings.Join(found, ", "), option)
}
