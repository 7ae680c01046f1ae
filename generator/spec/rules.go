package spec

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
)

// Allowed values, shared by validation and documentation.
var (
	Classifications  = []string{"public", "internal", "confidential", "restricted"}
	Formats          = []string{"jsonl", "csv"}
	Actions          = []string{"keep", "pseudonymise", "redact", "drop"}
	RetentionDays    = []int{90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}
	AvailabilityZone = []int{2, 3}
)

var (
	projectPattern = regexp.MustCompile(`^[a-z][a-z0-9-]{0,14}[a-z0-9]$`)
	envPattern     = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
	suffixPattern  = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`)
	accountPattern = regexp.MustCompile(`^[0-9]{12}$`)
	secretPattern  = regexp.MustCompile(`^arn:aws:secretsmanager:([a-z0-9-]+):([0-9]{12}):secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$`)
	keyPattern     = regexp.MustCompile(`^arn:aws:kms:([a-z0-9-]+):([0-9]{12}):key/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	tagValue       = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$`)
	datasetPattern = regexp.MustCompile(`^[a-z][a-z0-9_-]*$`)
	prefixPattern  = regexp.MustCompile(`^[A-Za-z0-9!_.*'()/-]+/$`)
)

func checkSuffix(s string) error {
	if !suffixPattern.MatchString(s) {
		return fmt.Errorf("use lowercase letters, digits and inner hyphens, such as prod or review-42")
	}
	return nil
}

// privateRanges are the RFC 1918 ranges a VPC may use.
var privateRanges = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
}

func checkCIDR(s string) (netip.Prefix, error) {
	p, err := netip.ParsePrefix(s)
	if err != nil || !p.Addr().Is4() {
		return p, fmt.Errorf("%q is not an IPv4 CIDR block; write one such as 10.20.0.0/16", s)
	}
	if p.Masked() != p {
		return p, fmt.Errorf("%q has host bits set; write %s", s, p.Masked())
	}
	if p.Bits() < 16 || p.Bits() > 24 {
		return p, fmt.Errorf("%q is a /%d; a VPC here is /16 to /24", s, p.Bits())
	}
	if !slices.ContainsFunc(privateRanges, func(r netip.Prefix) bool { return r.Contains(p.Addr()) }) {
		return p, fmt.Errorf("%q is not a private range; use 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16", s)
	}
	return p, nil
}
