package spec

import (
	"errors"
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strings"

	"github.com/securepipe/securepipe/generator/naming"
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
	envPattern     = regexp.MustCompile(`^[a-z]([a-z0-9-]*[a-z0-9])?$`)
	suffixPattern  = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`)
	accountPattern = regexp.MustCompile(`^[0-9]{12}$`)
	secretPattern  = regexp.MustCompile(`^arn:aws:secretsmanager:([a-z0-9-]+):([0-9]{12}):secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$`)
	secretNoSuffix = regexp.MustCompile(`^arn:aws:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]+$`)
	// A key ID is a UUID, or mrk- and 32 hex digits for a multi-Region key.
	keyPattern     = regexp.MustCompile(`^arn:aws:kms:([a-z0-9-]+):([0-9]{12}):key/(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$`)
	aliasPattern   = regexp.MustCompile(`^(arn:aws:kms:[^:]*:[^:]*:)?alias/`)
	tagValue       = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$`)
	emailPattern   = regexp.MustCompile(`^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$`)
	datasetPattern = regexp.MustCompile(`^[a-z][a-z0-9_-]*$`)
	prefixPattern  = regexp.MustCompile(`^[A-Za-z0-9!_.*'()/-]+/$`)
)

func checkSuffix(s string) error {
	if !suffixPattern.MatchString(s) {
		return errors.New("use lowercase letters, digits and inner hyphens, such as prod or review-42")
	}
	return nil
}

// checkNames reports a suffix that, after project, takes a resource name
// past its service's limits, saying how long the suffix may be.
func checkNames(project, suffix string) error {
	errs := naming.Names{Project: project, Suffix: suffix}.Check()
	if len(errs) == 0 {
		return nil
	}
	if longest := longestSuffix(project); len(suffix) > longest {
		return fmt.Errorf("%q is %d characters, which takes resource names past AWS's limits; "+
			"with project %s write at most %d characters", suffix, len(suffix), project, longest)
	}
	return errs[0]
}

// longestSuffix returns the length of the longest suffix whose names fit.
func longestSuffix(project string) int {
	n := 0
	for len(naming.Names{Project: project, Suffix: strings.Repeat("a", n+1)}.Check()) == 0 {
		n++
	}
	return n
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
		return p, fmt.Errorf("%q is a /%d, and a VPC here is /16 to /24; write a block such as 10.20.0.0/16", s, p.Bits())
	}
	if !slices.ContainsFunc(privateRanges, func(r netip.Prefix) bool { return r.Contains(p.Addr()) }) {
		return p, fmt.Errorf("%q is not a private range; use a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16", s)
	}
	return p, nil
}
