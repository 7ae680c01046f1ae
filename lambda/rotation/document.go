package rotation

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
)

// document is a secret value: a JSON object, kept with its text and where
// in that text each member's value lies, so that replacing one value
// leaves every other byte as it was.
type document struct {
	text    string
	members []member
}

type member struct {
	name       string
	value      json.RawMessage
	start, end int // the value's byte offsets in text
}

// parseDocument reads a JSON object. Its errors are this package's
// sentinels and never quote the value.
func parseDocument(s string) (document, error) {
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return document{}, ErrNotObject
	}

	d := document{text: s}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return document{}, ErrNotObject
		}
		name, _ := tok.(string)
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			return document{}, ErrNotObject
		}
		if seen[name] {
			return document{}, ErrDuplicateMember
		}
		seen[name] = true
		end := int(dec.InputOffset())
		d.members = append(d.members, member{name: name, value: value, start: end - len(value), end: end})
	}

	if tok, err := dec.Token(); err != nil || tok != json.Delim('}') {
		return document{}, ErrNotObject
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return document{}, ErrNotObject
	}
	return d, nil
}

// stringMember returns the string value of the member name.
func (d document) stringMember(name string) (string, error) {
	for _, m := range d.members {
		if m.name != name {
			continue
		}
		var s string
		if json.Unmarshal(m.value, &s) != nil {
			return "", ErrNoKeyMember
		}
		return s, nil
	}
	return "", ErrNoKeyMember
}

// with returns the document's text with the value of the existing member
// name replaced by the string value: member order, white space and every
// other value are kept byte for byte.
func (d document) with(name, value string) []byte {
	for _, m := range d.members {
		if m.name == name {
			return []byte(d.text[:m.start] + string(quote(value)) + d.text[m.end:])
		}
	}
	return []byte(d.text)
}

// quote encodes s as a JSON string; a string always encodes.
func quote(s string) []byte {
	b, _ := json.Marshal(s)
	return b
}

// sameExcept reports whether d and o have the same members with equal
// values, ignoring the member name and insignificant white space.
func (d document) sameExcept(o document, name string) bool {
	values := func(doc document) map[string]string {
		m := map[string]string{}
		for _, mem := range doc.members {
			if mem.name == name {
				continue
			}
			var c bytes.Buffer
			if json.Compact(&c, mem.value) != nil {
				return nil
			}
			m[mem.name] = c.String()
		}
		return m
	}
	a, b := values(d), values(o)
	if a == nil || b == nil || len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || v != w {
			return false
		}
	}
	return true
}
