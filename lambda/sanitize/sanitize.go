// Package sanitize applies a dataset's field policy to one record at a
// time.
//
// Each field is kept, pseudonymised, redacted or dropped as the policy
// says; a field the policy does not name is dropped. A record that cannot
// be handled is not an error: it comes back with a reason for quarantine.
// Reasons name the fault, the line and at most a field name from the
// policy, never a value from the record.
//
// Values are handled as follows:
//
//   - keep copies the value as it is, nested JSON included;
//   - redact writes RedactedValue in place of any value;
//   - pseudonymise writes the token of the value: of the decoded text for
//     a JSON string or a CSV field, of the literal for a JSON number or
//     boolean. JSON null and empty strings stay as they are, since they
//     hold no value to protect. A nested JSON object or array cannot be
//     pseudonymised and sends the record to quarantine;
//   - drop leaves the field out.
//
// A required field must be present, not null and not an empty string.
// JSON output keeps the input's member order; CSV output keeps the input's
// column order, dropped columns removed.
package sanitize

// RedactedValue replaces the value of a redacted field.
const RedactedValue = "[redacted]"

// Reasons for quarantine that carry no field name.
const (
	ReasonOversize       = "record exceeds the record size limit"
	ReasonInvalidJSON    = "record is not valid JSON"
	ReasonNotObject      = "record is not a JSON object"
	ReasonDuplicateField = "record names a field twice"
)

func missingReason(field string) string {
	return "missing required field " + quote(field)
}

func nestedReason(field string) string {
	return "field " + quote(field) + " holds a nested value that cannot be pseudonymised"
}

func quote(s string) string {
	return `"` + s + `"`
}
