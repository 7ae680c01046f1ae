package fieldpolicy

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const validPolicy = `{"maxRecordBytes":1048576,"datasets":[
 {"name":"customers","prefix":"customers/","format":"jsonl","required":["customer_id"],
  "fields":{"customer_id":"keep","email":"pseudonymise","name":"redact","notes":"drop"}},
 {"name":"orders","prefix":"orders/","format":"csv","fields":{"order_id":"keep"}}]}`

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		policy  string
		wantErr string
	}{
		{name: "valid", policy: validPolicy},
		{name: "default record limit",
			policy: `{"datasets":[{"name":"a","prefix":"a/","format":"csv","fields":{"x":"keep"}}]}`},
		{name: "not JSON", policy: `{`, wantErr: "decode field policy"},
		{name: "trailing data",
			policy:  `{"datasets":[{"name":"a","prefix":"a/","format":"csv","fields":{"x":"keep"}}]} {}`,
			wantErr: "trailing data"},
		{name: "unknown member",
			policy:  `{"datasets":[{"name":"a","prefix":"a/","format":"csv","feilds":{"x":"keep"}}]}`,
			wantErr: `unknown field "feilds"`},
		{name: "no datasets", policy: `{"datasets":[]}`, wantErr: "at least one dataset"},
		{name: "negative limit",
			policy:  `{"maxRecordBytes":-1,"datasets":[{"name":"a","prefix":"a/","format":"csv","fields":{"x":"keep"}}]}`,
			wantErr: "maxRecordBytes must be between"},
		{name: "limit too large",
			policy:  `{"maxRecordBytes":1073741824,"datasets":[{"name":"a","prefix":"a/","format":"csv","fields":{"x":"keep"}}]}`,
			wantErr: "maxRecordBytes must be between"},
		{name: "missing name",
			policy:  `{"datasets":[{"prefix":"a/","format":"csv","fields":{"x":"keep"}}]}`,
			wantErr: "name is required"},
		{name: "missing prefix",
			policy:  `{"datasets":[{"name":"a","format":"csv","fields":{"x":"keep"}}]}`,
			wantErr: "prefix is required"},
		{name: "unknown format",
			policy:  `{"datasets":[{"name":"a","prefix":"a/","format":"xml","fields":{"x":"keep"}}]}`,
			wantErr: `unknown format "xml"`},
		{name: "unknown action",
			policy:  `{"datasets":[{"name":"a","prefix":"a/","format":"csv","fields":{"x":"hash"}}]}`,
			wantErr: `field "x": unknown action "hash"`},
		{name: "no fields",
			policy:  `{"datasets":[{"name":"a","prefix":"a/","format":"csv","fields":{}}]}`,
			wantErr: "fields must name at least one field"},
		{name: "empty field name",
			policy:  `{"datasets":[{"name":"a","prefix":"a/","format":"csv","fields":{"":"keep"}}]}`,
			wantErr: "a field name is empty"},
		{name: "required twice",
			policy:  `{"datasets":[{"name":"a","prefix":"a/","format":"csv","required":["x","x"],"fields":{"x":"keep"}}]}`,
			wantErr: `field "x" is listed twice`},
		{name: "empty required",
			policy:  `{"datasets":[{"name":"a","prefix":"a/","format":"csv","required":[""],"fields":{"x":"keep"}}]}`,
			wantErr: "required: a field name is empty"},
		{name: "duplicate name",
			policy: `{"datasets":[{"name":"a","prefix":"a/","format":"csv","fields":{"x":"keep"}},
				{"name":"a","prefix":"b/","format":"csv","fields":{"x":"keep"}}]}`,
			wantErr: `name "a" is used twice`},
		{name: "overlapping prefixes",
			policy: `{"datasets":[{"name":"a","prefix":"data/","format":"csv","fields":{"x":"keep"}},
				{"name":"b","prefix":"data/eu/","format":"csv","fields":{"x":"keep"}}]}`,
			wantErr: `prefix "data/eu/" overlaps prefix "data/"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse([]byte(tt.policy))
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, DefaultMaxRecordBytes, p.MaxRecordBytes)
		})
	}
}

func TestMatch(t *testing.T) {
	p, err := Parse([]byte(validPolicy))
	require.NoError(t, err)

	tests := []struct {
		key      string
		wantName string
	}{
		{key: "customers/2024/a.jsonl", wantName: "customers"},
		{key: "orders/o.csv.gz", wantName: "orders"},
		{key: "customers", wantName: ""},
		{key: "other/customers/a.jsonl", wantName: ""},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			d, ok := p.Match(tt.key)
			if tt.wantName == "" {
				assert.False(t, ok)
				return
			}
			require.True(t, ok)
			assert.Equal(t, tt.wantName, d.Name)
		})
	}
}

func TestActionFor(t *testing.T) {
	p, err := Parse([]byte(validPolicy))
	require.NoError(t, err)
	d := &p.Datasets[0]

	tests := []struct {
		field string
		want  Action
	}{
		{field: "customer_id", want: Keep},
		{field: "email", want: Pseudonymise},
		{field: "name", want: Redact},
		{field: "notes", want: Drop},
		{field: "unnamed", want: Drop},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			assert.Equal(t, tt.want, d.ActionFor(tt.field))
		})
	}
}
