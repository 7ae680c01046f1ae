package report

import (
	"encoding/json"
	"io"

	"github.com/securepipe/securepipe/policies"
)

// jsonReport is the document JSON writes.
type jsonReport struct {
	Summary  jsonSummary        `json:"summary"`
	Findings []policies.Finding `json:"findings"`
}

type jsonSummary struct {
	policies.Counts
	Templates int `json:"templates"`
	Rules     int `json:"rules"`
}

// JSON writes the findings and their counts as one JSON document.
func JSON(w io.Writer, res *policies.Result) error {
	doc := jsonReport{
		Summary:  jsonSummary{Counts: res.Counts(), Templates: len(res.Envs), Rules: len(policies.Rules())},
		Findings: res.Findings,
	}
	if doc.Findings == nil {
		doc.Findings = []policies.Finding{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
