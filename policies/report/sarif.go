package report

import (
	"encoding/json"
	"io"
	"path/filepath"

	"github.com/securepipe/securepipe/policies"
)

// The SARIF 2.1.0 subset a code-scanning tool reads.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool    sarifTool     `json:"tool"`
		Results []sarifResult `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name    string      `json:"name"`
		Version string      `json:"version,omitempty"`
		Rules   []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string          `json:"id"`
		Name                 string          `json:"name"`
		ShortDescription     sarifText       `json:"shortDescription"`
		FullDescription      sarifText       `json:"fullDescription"`
		Help                 sarifText       `json:"help"`
		DefaultConfiguration sarifConfig     `json:"defaultConfiguration"`
		Properties           sarifProperties `json:"properties"`
	}
	sarifText struct {
		Text string `json:"text"`
	}
	sarifConfig struct {
		Level string `json:"level"`
	}
	sarifProperties struct {
		Tags        []string `json:"tags"`
		SOC2        []string `json:"soc2"`
		SecurityHub []string `json:"securityHub,omitempty"`
	}
	sarifResult struct {
		RuleID       string             `json:"ruleId"`
		RuleIndex    int                `json:"ruleIndex"`
		Level        string             `json:"level"`
		Message      sarifText          `json:"message"`
		Locations    []sarifLocation    `json:"locations"`
		Suppressions []sarifSuppression `json:"suppressions,omitempty"`
		Properties   map[string]string  `json:"properties,omitempty"`
	}
	sarifLocation struct {
		PhysicalLocation *sarifPhysical `json:"physicalLocation,omitempty"`
		LogicalLocations []sarifLogical `json:"logicalLocations"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifact `json:"artifactLocation"`
		Region           *sarifRegion  `json:"region,omitempty"`
	}
	sarifArtifact struct {
		URI string `json:"uri"`
	}
	sarifRegion struct {
		StartLine int `json:"startLine"`
	}
	sarifLogical struct {
		Name               string `json:"name"`
		FullyQualifiedName string `json:"fullyQualifiedName"`
		Kind               string `json:"kind"`
	}
	sarifSuppression struct {
		Kind          string `json:"kind"`
		Justification string `json:"justification"`
	}
)

// ToolName names the checker in SARIF logs.
const ToolName = "securepipe-check"

// SARIF writes a SARIF 2.1.0 log with every rule of the catalogue and one
// result per finding, located by file and line and by logical ID.
func SARIF(w io.Writer, res *policies.Result, version string) error {
	rules := policies.Rules()
	index := map[string]int{}
	driver := sarifDriver{Name: ToolName, Version: version}
	for i, r := range rules {
		index[r.ID] = i
		driver.Rules = append(driver.Rules, sarifRule{
			ID: r.ID, Name: r.Title,
			ShortDescription:     sarifText{r.Title},
			FullDescription:      sarifText{r.Problem},
			Help:                 sarifText{r.Fix},
			DefaultConfiguration: sarifConfig{level(r.Severity)},
			Properties: sarifProperties{
				Tags: append([]string{"security", "compliance"}, r.SOC2...), SOC2: r.SOC2, SecurityHub: r.SecurityHub,
			},
		})
	}
	run := sarifRun{Tool: sarifTool{Driver: driver}, Results: []sarifResult{}}
	for _, f := range res.Findings {
		run.Results = append(run.Results, sarifResultOf(f, index[f.Rule]))
	}
	log := sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{run},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(log)
}

func sarifResultOf(f policies.Finding, ruleIndex int) sarifResult {
	loc := sarifLocation{LogicalLocations: []sarifLogical{{
		Name: f.Resource, FullyQualifiedName: "Resources." + f.Resource, Kind: "resource",
	}}}
	if f.File != "" {
		loc.PhysicalLocation = &sarifPhysical{ArtifactLocation: sarifArtifact{URI: filepath.ToSlash(f.File)}}
		if f.Line > 0 {
			loc.PhysicalLocation.Region = &sarifRegion{StartLine: f.Line}
		}
	}
	r := sarifResult{
		RuleID: f.Rule, RuleIndex: ruleIndex, Level: level(f.Severity),
		Message:   sarifText{f.Message + " " + f.Fix},
		Locations: []sarifLocation{loc},
	}
	if f.Env != "" {
		r.Properties = map[string]string{"environment": f.Env}
	}
	if f.Suppressed {
		r.Suppressions = []sarifSuppression{{Kind: "external", Justification: f.Reason}}
	}
	return r
}

func level(s policies.Severity) string {
	if s == policies.Error {
		return "error"
	}
	return "warning"
}
