package policies

import (
	"fmt"
	"net/netip"
	"regexp"
	"strings"

	"github.com/securepipe/securepipe/policies/template"
)

// Separation of environments: nothing that identifies or protects one
// environment may belong to another.
func init() {
	register(
		xenvRule("XENV-001", "No KMS key is shared between environments", "secret.kmsKeyArn",
			"A key shared by two environments lets whoever may use it in one decrypt the other's data.",
			"Give each environment keys of its own, including the key of its secret.", literalKeys),
		xenvRule("XENV-002", "No key alias is shared between environments", "suffix",
			"Two environments with one alias point at each other's key depending on which deployed last.",
			"End every alias with the environment's own suffix.", aliases),
		xenvRule("XENV-003", "No resource name is shared between environments", "suffix",
			"A name used by two environments makes them fight over one resource, or lets one's policies reach the other's.",
			"End every name with the environment's own suffix.", resourceNameClaims),
		xenvRule("XENV-004", "No encryption context is shared between environments", "suffix",
			"A key grant scoped by an encryption context that another environment also produces admits that environment's resources.",
			"Scope every grant to the environment's own resources.", encryptionContexts),
		&Rule{
			ID: "XENV-005", Title: "No VPC address range overlaps another environment's",
			Severity: Error, SOC2: []string{"CC6.6"},
			Problem: "Overlapping ranges make it impossible to keep environments apart by address, and to peer or route them safely later.",
			Fix:     "Give each environment a VPC range of its own (vpcCidr in the spec).",
			across:  checkCIDRsApart,
		},
		xenvRule("XENV-006", "No export name is shared between environments", "suffix",
			"Export names are unique in an account and region: a shared one blocks a deployment, or imports the wrong environment's value.",
			"End every export name with the environment's own suffix.", exports),
		xenvRule("XENV-007", "No secret is shared between environments", "secret.arn",
			"A secret read by two environments hands one environment's credentials to the other.",
			"Give each environment a secret of its own (secret.arn in the spec).", literalSecrets),
	)
}

// claim is a value an environment uses, and where.
type claim struct {
	value    string
	resource string
}

func xenvRule(id, title, specKey, problem, fix string, claims func(*template.Template) []claim) *Rule {
	return &Rule{
		ID: id, Title: title, Severity: Error, SOC2: []string{"CC6.1"},
		Problem: problem, Fix: fix,
		across: func(p *panel) {
			owners := map[string]string{}
			for _, s := range p.subjects {
				mine := map[string]bool{}
				for _, c := range claims(s.Template) {
					if other, ok := owners[c.value]; ok && other != s.Env {
						p.fail(s, c.resource, specKey, "%s is also used by environment %s", c.value, other)
						continue
					}
					p.pass(s, c.resource)
					mine[c.value] = true
				}
				for v := range mine {
					owners[v] = s.Env
				}
			}
		},
	}
}

var (
	keyARN    = regexp.MustCompile(`arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+`)
	secretARN = regexp.MustCompile(`arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]+`)
)

// literalMatches returns every match of re in the literal strings of each
// resource's properties, once per resource.
func literalMatches(t *template.Template, re *regexp.Regexp) []claim {
	var out []claim
	for _, r := range t.All() {
		seen := map[string]bool{}
		walkStrings(r.Properties, "", func(_, _, s string) {
			for _, m := range re.FindAllString(s, -1) {
				if !seen[m] {
					seen[m] = true
					out = append(out, claim{m, r.ID})
				}
			}
		})
	}
	return out
}

func literalKeys(t *template.Template) []claim    { return literalMatches(t, keyARN) }
func literalSecrets(t *template.Template) []claim { return literalMatches(t, secretARN) }

func aliases(t *template.Template) []claim {
	var out []claim
	for _, a := range t.OfType("AWS::KMS::Alias") {
		if name, ok := template.Text(a.Prop("AliasName")); ok {
			out = append(out, claim{name, a.ID})
		}
	}
	return out
}

func resourceNameClaims(t *template.Template) []claim {
	var out []claim
	for _, r := range t.All() {
		if l, ok := nameLimits[r.Type]; ok && r.Type != "AWS::KMS::Alias" {
			if name, ok := template.Text(r.Prop(l.prop)); ok {
				out = append(out, claim{r.Type + " " + name, r.ID})
			}
		}
	}
	return out
}

func encryptionContexts(t *template.Template) []claim {
	var out []claim
	for _, p := range t.Policies() {
		if p.Kind != template.KeyPolicy {
			continue
		}
		for _, s := range p.Policy.Statements {
			for op, keys := range s.Condition {
				for k, v := range keys {
					if !strings.HasPrefix(strings.ToLower(k), "kms:encryptioncontext:") {
						continue
					}
					for _, text := range template.Texts(v) {
						out = append(out, claim{fmt.Sprintf("encryption context %s %s %s", op, k, text), p.Resource.ID})
					}
				}
			}
		}
	}
	return out
}

func exports(t *template.Template) []claim {
	var out []claim
	for _, name := range sortedNames(t.Outputs) {
		if export, ok := template.Text(template.Get(t.Outputs[name], "Export", "Name")); ok {
			out = append(out, claim{"export " + export, name})
		}
	}
	return out
}

func checkCIDRsApart(p *panel) {
	type owned struct {
		env    string
		prefix netip.Prefix
	}
	var seen []owned
	for _, s := range p.subjects {
		for _, v := range s.Template.OfType("AWS::EC2::VPC") {
			text, _ := template.Text(v.Prop("CidrBlock"))
			prefix, err := netip.ParsePrefix(text)
			if err != nil {
				continue
			}
			clash := false
			for _, o := range seen {
				if o.env != s.Env && o.prefix.Overlaps(prefix) {
					p.fail(s, v.ID, "vpcCidr", "VPC range %s overlaps environment %s's %s", prefix, o.env, o.prefix)
					clash = true
				}
			}
			if !clash {
				p.pass(s, v.ID)
			}
			seen = append(seen, owned{s.Env, prefix})
		}
	}
}
