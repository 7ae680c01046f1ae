package stack

import (
	"encoding/json"

	"github.com/securepipe/securepipe/generator/spec"
)

// fieldPolicy is the processor's FIELD_POLICY: the spec's processing
// section in the JSON form the function reads.
type fieldPolicy struct {
	MaxRecordBytes int             `json:"maxRecordBytes"`
	Datasets       []policyDataset `json:"datasets"`
}

type policyDataset struct {
	Name     string            `json:"name"`
	Prefix   string            `json:"prefix"`
	Format   string            `json:"format"`
	Required []string          `json:"required"`
	Fields   map[string]string `json:"fields"`
}

func newFieldPolicy(p spec.Processing) fieldPolicy {
	fp := fieldPolicy{MaxRecordBytes: p.MaxRecordBytes, Datasets: make([]policyDataset, len(p.Datasets))}
	for i, d := range p.Datasets {
		required := d.Required
		if required == nil {
			required = []string{}
		}
		fp.Datasets[i] = policyDataset{Name: d.Name, Prefix: d.Prefix, Format: d.Format, Required: required, Fields: d.Fields}
	}
	return fp
}

// JSON renders the policy compactly, with map keys sorted.
func (fp fieldPolicy) JSON() string {
	out, err := json.Marshal(fp)
	if err != nil {
		// Only strings, ints and maps of strings: marshalling cannot fail.
		panic(err)
	}
	return string(out)
}
