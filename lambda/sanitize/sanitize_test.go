package sanitize

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/securepipe/securepipe/lambda/fieldpolicy"
	"github.com/securepipe/securepipe/lambda/pseudonym"
)

func testDataset(format fieldpolicy.Format) *fieldpolicy.Dataset {
	return &fieldpolicy.Dataset{
		Name:     "customers",
		Prefix:   "customers/",
		Format:   format,
		Required: []string{"customer_id"},
		Fields: map[string]fieldpolicy.Action{
			"customer_id": fieldpolicy.Keep,
			"email":       fieldpolicy.Pseudonymise,
			"name":        fieldpolicy.Redact,
			"notes":       fieldpolicy.Drop,
			"meta":        fieldpolicy.Keep,
		},
	}
}

func testTokenizer(t testing.TB) *pseudonym.Tokenizer {
	t.Helper()
	k, err := pseudonym.NewKey(bytes.Repeat([]byte{7}, 32))
	require.NoError(t, err)
	return pseudonym.New(k)
}

func TestJSONApply(t *testing.T) {
	tok := testTokenizer(t)
	email := tok.Token("ada@example.com")

	tests := []struct {
		name       string
		rec        string
		want       string
		wantReason string
	}{
		{name: "every action",
			rec:  `{"customer_id":"c1","email":"ada@example.com","name":"Ada","notes":"x","other":1}`,
			want: `{"customer_id":"c1","email":"` + email + `","name":"[redacted]"}`},
		{name: "member order and spacing",
			rec:  ` { "name" : "Ada" , "customer_id" : 7 } `,
			want: `{"name":"[redacted]","customer_id":7}`},
		{name: "keep nested", rec: `{"customer_id":1,"meta":{"a":[1,{"b":"}"}]}}`,
			want: `{"customer_id":1,"meta":{"a":[1,{"b":"}"}]}}`},
		{name: "escaped string is tokenised decoded",
			rec: `{"customer_id":1,"email":"ada@example\u002ecom"}`, want: `{"customer_id":1,"email":"` + email + `"}`},
		{name: "escaped name matches the policy",
			rec: `{"customer_\u0069d":1,"email":null}`, want: `{"customer_\u0069d":1,"email":null}`},
		{name: "number is tokenised as written",
			rec: `{"customer_id":1,"email":42}`, want: `{"customer_id":1,"email":"` + tok.Token("42") + `"}`},
		{name: "empty string stays", rec: `{"customer_id":1,"email":""}`, want: `{"customer_id":1,"email":""}`},
		{name: "redact any value", rec: `{"customer_id":1,"name":{"first":"Ada"}}`,
			want: `{"customer_id":1,"name":"[redacted]"}`},
		{name: "only dropped fields besides the id", rec: `{"customer_id":1,"notes":"n"}`,
			want: `{"customer_id":1}`},
		{name: "invalid JSON", rec: `{"customer_id":1,`, wantReason: ReasonInvalidJSON},
		{name: "two values on a line", rec: `{"customer_id":1} {}`, wantReason: ReasonInvalidJSON},
		{name: "not an object", rec: `["customer_id",1]`, wantReason: ReasonNotObject},
		{name: "missing required", rec: `{"email":"a"}`, wantReason: `missing required field "customer_id"`},
		{name: "null required", rec: `{"customer_id":null}`, wantReason: `missing required field "customer_id"`},
		{name: "empty required", rec: `{"customer_id":""}`, wantReason: `missing required field "customer_id"`},
		{name: "duplicate field", rec: `{"customer_id":1,"email":"a","email":"b"}`,
			wantReason: ReasonDuplicateField},
		{name: "duplicate through an escape", rec: `{"customer_id":1,"customer_\u0069d":2}`,
			wantReason: ReasonDuplicateField},
		{name: "nested pseudonymise", rec: `{"customer_id":1,"email":["a"]}`,
			wantReason: `field "email" holds a nested value that cannot be pseudonymised`},
	}
	s := NewJSON(testDataset(fieldpolicy.FormatJSONL), tok)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prefix := []byte("kept|")
			out, reason := s.Apply(prefix, []byte(tt.rec))
			assert.Equal(t, tt.wantReason, reason)
			if tt.wantReason != "" {
				assert.Equal(t, "kept|", string(out), "a quarantined record adds nothing")
				return
			}
			assert.Equal(t, "kept|"+tt.want, string(out))
		})
	}
}

func TestJSONDuplicatesInWideRecords(t *testing.T) {
	s := NewJSON(testDataset(fieldpolicy.FormatJSONL), testTokenizer(t))
	wide := func(dup bool) []byte {
		var b strings.Builder
		b.WriteString(`{"customer_id":1`)
		for i := range 3 * manyFields {
			fmt.Fprintf(&b, `,"f%d":%d`, i, i)
		}
		if dup {
			b.WriteString(`,"f5":0`)
		}
		b.WriteString("}")
		return []byte(b.String())
	}

	tests := []struct {
		name       string
		rec        []byte
		wantReason string
	}{
		{name: "wide", rec: wide(false)},
		{name: "wide with a duplicate", rec: wide(true), wantReason: ReasonDuplicateField},
		{name: "small after wide", rec: []byte(`{"customer_id":1,"f5":1}`)},
		{name: "small duplicate after wide", rec: []byte(`{"customer_id":1,"f5":1,"f5":2}`),
			wantReason: ReasonDuplicateField},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, reason := s.Apply(nil, tt.rec)
			assert.Equal(t, tt.wantReason, reason)
		})
	}
}

func TestJSONReasonsCarryNoContent(t *testing.T) {
	s := NewJSON(testDataset(fieldpolicy.FormatJSONL), testTokenizer(t))
	for _, rec := range []string{`{"customer_id":"SECRETVALUE",`, `"SECRETVALUE"`, `{"SECRETVALUE":1}`} {
		_, reason := s.Apply(nil, []byte(rec))
		require.NotEmpty(t, reason)
		assert.NotContains(t, reason, "SECRETVALUE")
	}
}

func TestJSONApplyAllocations(t *testing.T) {
	s := NewJSON(testDataset(fieldpolicy.FormatJSONL), testTokenizer(t))
	rec := []byte(`{"customer_id":"c1","email":"ada@example.com","name":"Ada","notes":"x"}`)
	dst := make([]byte, 0, 512)

	allocs := testing.AllocsPerRun(100, func() { dst, _ = s.Apply(dst[:0], rec) })
	assert.Zero(t, allocs)
}

func fieldsOf(ss ...string) [][]byte {
	out := make([][]byte, len(ss))
	for i, s := range ss {
		out[i] = []byte(s)
	}
	return out
}

func TestNewCSV(t *testing.T) {
	tests := []struct {
		name       string
		header     [][]byte
		wantHeader [][]byte
		wantErr    string
	}{
		{name: "drops unnamed and dropped columns",
			header:     fieldsOf("customer_id", "email", "name", "notes", "other"),
			wantHeader: fieldsOf("customer_id", "email", "name")},
		{name: "empty", header: fieldsOf(""), wantErr: "csv header is empty"},
		{name: "duplicate column", header: fieldsOf("customer_id", "email", "email"),
			wantErr: "column 3 repeats an earlier column name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := NewCSV(testDataset(fieldpolicy.FormatCSV), testTokenizer(t), tt.header)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.wantHeader, c.Header())
		})
	}
}

func TestCSVApply(t *testing.T) {
	tok := testTokenizer(t)
	full := fieldsOf("customer_id", "email", "name", "notes")

	tests := []struct {
		name       string
		header     [][]byte
		fields     [][]byte
		want       [][]byte
		wantReason string
	}{
		{name: "every action", header: full, fields: fieldsOf("c1", "ada@example.com", "Ada", "n"),
			want: fieldsOf("c1", tok.Token("ada@example.com"), RedactedValue)},
		{name: "unnamed column after a token", header: fieldsOf("customer_id", "email", "email2"),
			fields: fieldsOf("c1", "a", "b"), want: fieldsOf("c1", tok.Token("a"))},
		{name: "empty pseudonymised stays empty", header: full, fields: fieldsOf("c1", "", "", ""),
			want: fieldsOf("c1", "", RedactedValue)},
		{name: "missing required value", header: full, fields: fieldsOf("", "a", "b", "c"),
			wantReason: `missing required field "customer_id"`},
		{name: "missing required column", header: fieldsOf("email"), fields: fieldsOf("a"),
			wantReason: `missing required field "customer_id"`},
		{name: "too few fields", header: full, fields: fieldsOf("c1"),
			wantReason: "record has 1 fields, the header names 4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := NewCSV(testDataset(fieldpolicy.FormatCSV), tok, tt.header)
			require.NoError(t, err)
			out, reason := c.Apply(tt.fields)
			assert.Equal(t, tt.wantReason, reason)
			assert.Equal(t, tt.want, out)
		})
	}
}
