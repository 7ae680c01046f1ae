package sanitize

import (
	"bytes"
	"encoding/json"

	"github.com/securepipe/securepipe/lambda/fieldpolicy"
	"github.com/securepipe/securepipe/lambda/pseudonym"
)

// manyFields is the member count past which duplicate names are found with
// a map rather than by comparing every pair.
const manyFields = 64

// JSON applies a dataset's policy to JSON Lines records. It reuses its
// buffers, so it is not safe for concurrent use.
type JSON struct {
	ds      *fieldpolicy.Dataset
	tok     *pseudonym.Tokenizer
	present []bool
	names   [][]byte
	byMap   bool
	seen    map[string]struct{}
	text    []byte
}

// NewJSON returns a JSON sanitizer for ds whose tokens come from tok.
func NewJSON(ds *fieldpolicy.Dataset, tok *pseudonym.Tokenizer) *JSON {
	return &JSON{ds: ds, tok: tok, present: make([]bool, len(ds.Required))}
}

// member is one top-level name/value pair of a record.
type member struct {
	rawName []byte // the name with its quotes, as written
	name    []byte // the decoded name
	value   []byte
}

// Apply appends the sanitized form of rec to dst. When rec must be
// quarantined it returns dst unchanged and the reason.
func (j *JSON) Apply(dst, rec []byte) ([]byte, string) {
	if !json.Valid(rec) {
		return dst, ReasonInvalidJSON
	}
	i := skipSpace(rec, 0)
	if rec[i] != '{' {
		return dst, ReasonNotObject
	}

	clear(j.present)
	j.names = j.names[:0]
	if j.byMap {
		clear(j.seen)
		j.byMap = false
	}
	start := len(dst)
	dst = append(dst, '{')
	first := true

	for i = skipSpace(rec, i+1); rec[i] != '}'; {
		var m member
		m, i = j.member(rec, i)
		if j.duplicate(m.name) {
			return dst[:start], ReasonDuplicateField
		}
		j.markRequired(m)

		var reason string
		dst, first, reason = j.write(dst, m, first)
		if reason != "" {
			return dst[:start], reason
		}

		i = skipSpace(rec, i)
		if rec[i] == ',' {
			i = skipSpace(rec, i+1)
		}
	}

	for k, ok := range j.present {
		if !ok {
			return dst[:start], missingReason(j.ds.Required[k])
		}
	}
	return append(dst, '}'), ""
}

// member reads the name/value pair at i and returns the index after it.
func (j *JSON) member(rec []byte, i int) (member, int) {
	nameEnd, escaped := stringEnd(rec, i)
	m := member{rawName: rec[i:nameEnd], name: rec[i+1 : nameEnd-1]}
	if escaped {
		var s string
		_ = json.Unmarshal(m.rawName, &s) // valid JSON: cannot fail
		m.name = []byte(s)
	}

	i = skipSpace(rec, nameEnd)
	i = skipSpace(rec, i+1) // the colon
	end := valueEnd(rec, i)
	m.value = rec[i:end]
	return m, end
}

// duplicate records name and reports whether the record named it before.
func (j *JSON) duplicate(name []byte) bool {
	if !j.byMap && len(j.names) < manyFields {
		for _, n := range j.names {
			if bytes.Equal(n, name) {
				return true
			}
		}
		j.names = append(j.names, name)
		return false
	}
	return j.duplicateByMap(name)
}

func (j *JSON) duplicateByMap(name []byte) bool {
	if !j.byMap {
		if j.seen == nil {
			j.seen = make(map[string]struct{}, 2*manyFields)
		}
		for _, n := range j.names {
			j.seen[string(n)] = struct{}{}
		}
		j.byMap = true
	}
	if _, ok := j.seen[string(name)]; ok {
		return true
	}
	j.seen[string(name)] = struct{}{}
	return false
}

func (j *JSON) markRequired(m member) {
	if isEmptyJSON(m.value) {
		return
	}
	for k, r := range j.ds.Required {
		if string(m.name) == r {
			j.present[k] = true
		}
	}
}

func isEmptyJSON(v []byte) bool {
	return string(v) == "null" || string(v) == `""`
}

// write appends member m as its action says.
func (j *JSON) write(dst []byte, m member, first bool) ([]byte, bool, string) {
	action := j.ds.ActionFor(string(m.name))
	if action == fieldpolicy.Drop {
		return dst, first, ""
	}
	if action == fieldpolicy.Pseudonymise && (m.value[0] == '{' || m.value[0] == '[') {
		return dst, first, nestedReason(string(m.name))
	}

	if !first {
		dst = append(dst, ',')
	}
	dst = append(dst, m.rawName...)
	dst = append(dst, ':')

	switch action {
	case fieldpolicy.Keep:
		dst = append(dst, m.value...)
	case fieldpolicy.Redact:
		dst = append(dst, `"`+RedactedValue+`"`...)
	case fieldpolicy.Pseudonymise:
		dst = j.pseudonymise(dst, m.value)
	}
	return dst, false, ""
}

// pseudonymise appends the token of a scalar JSON value as a JSON string.
func (j *JSON) pseudonymise(dst, v []byte) []byte {
	if isEmptyJSON(v) {
		return append(dst, v...)
	}

	text := v
	if v[0] == '"' {
		text = v[1 : len(v)-1]
		if bytes.IndexByte(text, '\\') >= 0 {
			var s string
			_ = json.Unmarshal(v, &s) // valid JSON: cannot fail
			j.text = append(j.text[:0], s...)
			text = j.text
		}
	}

	dst = append(dst, '"')
	dst = j.tok.Append(dst, text)
	return append(dst, '"')
}
