package fieldpolicy

import "fmt"

// Action says what happens to a field's value on its way to the output.
type Action string

// The actions a policy can name.
const (
	// Keep copies the value unchanged.
	Keep Action = "keep"
	// Pseudonymise replaces the value with a keyed, stable token.
	Pseudonymise Action = "pseudonymise"
	// Redact keeps the field but replaces its value with a fixed marker.
	Redact Action = "redact"
	// Drop removes the field.
	Drop Action = "drop"
)

func (a Action) validate() error {
	switch a {
	case Keep, Pseudonymise, Redact, Drop:
		return nil
	}
	return fmt.Errorf("unknown action %q: use keep, pseudonymise, redact or drop", string(a))
}

// Format is the record format of a dataset's objects.
type Format string

// The formats a policy can name.
const (
	// FormatJSONL is JSON Lines: one JSON object a line.
	FormatJSONL Format = "jsonl"
	// FormatCSV is RFC 4180 CSV whose first record names the columns.
	FormatCSV Format = "csv"
)

func (f Format) validate() error {
	switch f {
	case FormatJSONL, FormatCSV:
		return nil
	}
	return fmt.Errorf("unknown format %q: use jsonl or csv", string(f))
}
