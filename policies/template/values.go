package template

import (
	"strconv"
	"strings"
)

// Get returns the value at path inside nested mappings, or nil.
func Get(v any, path ...string) any {
	for _, key := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[key]
	}
	return v
}

// List returns v as a list: itself when it is one, nil for nil, and a
// one-item list otherwise (policy elements may be a value or a list).
func List(v any) []any {
	switch v := v.(type) {
	case nil:
		return nil
	case []any:
		return v
	}
	return []any{v}
}

// String returns v when it is a literal string.
func String(v any) (string, bool) {
	s, ok := v.(string)
	return s, ok
}

// IsTrue reports whether v is true or "true", as CloudFormation reads a
// Boolean property.
func IsTrue(v any) bool {
	switch v := v.(type) {
	case bool:
		return v
	case string:
		return strings.EqualFold(v, "true")
	}
	return false
}

// IsFalse reports whether v is false or "false".
func IsFalse(v any) bool {
	switch v := v.(type) {
	case bool:
		return !v
	case string:
		return strings.EqualFold(v, "false")
	}
	return false
}

// Number returns v as a number when it is one, or a string holding one.
func Number(v any) (float64, bool) {
	switch v := v.(type) {
	case float64:
		return v, true
	case int:
		return float64(v), true
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		return f, err == nil
	}
	return 0, false
}

// Texts returns the Text of every item of List(v) that has one.
func Texts(v any) []string {
	var out []string
	for _, item := range List(v) {
		if s, ok := Text(item); ok {
			out = append(out, s)
		}
	}
	return out
}
