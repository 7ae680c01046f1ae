// Package fieldpolicy describes which datasets the processor accepts and how
// each field of their records is treated.
//
// A policy is JSON, read once at cold start from the FIELD_POLICY
// environment variable:
//
//	{
//	  "maxRecordBytes": 1048576,
//	  "datasets": [{
//	    "name": "customers",
//	    "prefix": "customers/",
//	    "format": "jsonl",
//	    "required": ["customer_id"],
//	    "fields": {"customer_id": "keep", "email": "pseudonymise", "name": "redact", "notes": "drop"}
//	  }]
//	}
//
// The dataset of an object is the one whose prefix starts the object key.
// Prefixes may not overlap, so an object belongs to at most one dataset.
// Fields that a dataset does not name are dropped: nothing passes by default.
package fieldpolicy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// DefaultMaxRecordBytes is the record size limit when the policy sets none.
const DefaultMaxRecordBytes = 1 << 20

// MaxRecordBytesLimit is the largest record size limit a policy may set. It
// bounds the memory one record can take while it is processed.
const MaxRecordBytesLimit = 64 << 20

// Policy is the validated field policy of one deployment.
type Policy struct {
	// MaxRecordBytes is the size limit of one record in bytes, line ending
	// excluded. Longer records are quarantined. Defaults to
	// DefaultMaxRecordBytes; at most MaxRecordBytesLimit.
	MaxRecordBytes int `json:"maxRecordBytes"`
	// Datasets lists the accepted datasets; at least one is required.
	Datasets []Dataset `json:"datasets"`
}

// Dataset is one kind of input object and the treatment of its fields.
type Dataset struct {
	// Name identifies the dataset in manifests and logs; required, unique.
	Name string `json:"name"`
	// Prefix selects the input objects of the dataset by key; required,
	// and no prefix may start another.
	Prefix string `json:"prefix"`
	// Format is the record format: FormatJSONL or FormatCSV.
	Format Format `json:"format"`
	// Required lists fields that every record must carry with a non-empty
	// value; a record that lacks one is quarantined.
	Required []string `json:"required"`
	// Fields maps a field name to its action. Unnamed fields are dropped.
	Fields map[string]Action `json:"fields"`
}

// Parse reads and validates a policy from its JSON form. Unknown JSON
// members are rejected so that a misspelt setting cannot pass silently.
func Parse(data []byte) (*Policy, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()

	var p Policy
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("decode field policy: %w", err)
	}
	if dec.More() {
		return nil, errors.New("decode field policy: trailing data after the policy object")
	}

	if p.MaxRecordBytes == 0 {
		p.MaxRecordBytes = DefaultMaxRecordBytes
	}
	if err := p.validate(); err != nil {
		return nil, fmt.Errorf("validate field policy: %w", err)
	}
	return &p, nil
}

// Match returns the dataset whose prefix starts key, or false if none does.
func (p *Policy) Match(key string) (*Dataset, bool) {
	for i := range p.Datasets {
		if strings.HasPrefix(key, p.Datasets[i].Prefix) {
			return &p.Datasets[i], true
		}
	}
	return nil, false
}

// ActionFor returns the action for a field; unnamed fields are dropped.
func (d *Dataset) ActionFor(field string) Action {
	a, ok := d.Fields[field]
	if !ok {
		return Drop
	}
	return a
}

func (p *Policy) validate() error {
	if p.MaxRecordBytes < 0 || p.MaxRecordBytes > MaxRecordBytesLimit {
		return fmt.Errorf("maxRecordBytes must be between 1 and %d", MaxRecordBytesLimit)
	}
	if len(p.Datasets) == 0 {
		return errors.New("at least one dataset is required")
	}

	names := map[string]bool{}
	for i := range p.Datasets {
		d := &p.Datasets[i]
		if err := d.validate(); err != nil {
			return fmt.Errorf("dataset %d (%q): %w", i, d.Name, err)
		}
		if names[d.Name] {
			return fmt.Errorf("dataset %d: name %q is used twice", i, d.Name)
		}
		names[d.Name] = true
	}
	return p.checkPrefixes()
}

// checkPrefixes rejects prefixes that start one another, so that every
// object key matches at most one dataset.
func (p *Policy) checkPrefixes() error {
	prefixes := make([]string, 0, len(p.Datasets))
	for _, d := range p.Datasets {
		prefixes = append(prefixes, d.Prefix)
	}
	sort.Strings(prefixes)

	for i := 1; i < len(prefixes); i++ {
		if strings.HasPrefix(prefixes[i], prefixes[i-1]) {
			return fmt.Errorf("prefix %q overlaps prefix %q: an object must match one dataset",
				prefixes[i], prefixes[i-1])
		}
	}
	return nil
}

func (d *Dataset) validate() error {
	if d.Name == "" {
		return errors.New("name is required")
	}
	if d.Prefix == "" {
		return errors.New("prefix is required")
	}
	if err := d.Format.validate(); err != nil {
		return err
	}
	if len(d.Fields) == 0 {
		return errors.New("fields must name at least one field")
	}

	for name, a := range d.Fields {
		if name == "" {
			return errors.New("fields: a field name is empty")
		}
		if err := a.validate(); err != nil {
			return fmt.Errorf("field %q: %w", name, err)
		}
	}

	seen := map[string]bool{}
	for _, r := range d.Required {
		if r == "" {
			return errors.New("required: a field name is empty")
		}
		if seen[r] {
			return fmt.Errorf("required: field %q is listed twice", r)
		}
		seen[r] = true
	}
	return nil
}
