package rotation

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDocumentWith(t *testing.T) {
	tests := []struct {
		name string
		text string
		want string
	}{
		{name: "compact", text: `{"a":1,"k":"old","z":[1,2]}`, want: `{"a":1,"k":"new","z":[1,2]}`},
		{name: "white space everywhere", text: "{ \"a\" : 1 ,\n  \"k\"  :\t\"old\" , \"z\" : { } }\n",
			want: "{ \"a\" : 1 ,\n  \"k\"  :\t\"new\" , \"z\" : { } }\n"},
		{name: "key first", text: `{"k":"old","a":"\u00e9\"x"}`, want: `{"k":"new","a":"\u00e9\"x"}`},
		{name: "key last", text: `{"a":{"k":"inner"},"k":"o\/ld"}`, want: `{"a":{"k":"inner"},"k":"new"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := parseDocument(tt.text)
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(d.with("k", "new")))
		})
	}
}

func TestParseDocumentRefuses(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		wantErr error
	}{
		{name: "empty", text: "", wantErr: ErrNotObject},
		{name: "string", text: `"secret"`, wantErr: ErrNotObject},
		{name: "array", text: `[1]`, wantErr: ErrNotObject},
		{name: "cut", text: `{"k":"v"`, wantErr: ErrNotObject},
		{name: "bad value", text: `{"k":secret}`, wantErr: ErrNotObject},
		{name: "trailing object", text: `{"k":"v"}{}`, wantErr: ErrNotObject},
		{name: "trailing garbage", text: `{"k":"v"} x`, wantErr: ErrNotObject},
		{name: "repeated member", text: `{"k":"v","k":"w"}`, wantErr: ErrDuplicateMember},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseDocument(tt.text)
			assert.Equal(t, tt.wantErr, err, "a sentinel, never the decoder's message")
		})
	}
}

func TestSameExcept(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want bool
	}{
		{name: "only the key differs", a: `{"k":"1","a":[1, 2]}`, b: `{"a":[1,2],"k":"2"}`, want: true},
		{name: "no other members", a: `{"k":"1"}`, b: `{"k":"2"}`, want: true},
		{name: "key missing on one side", a: `{"k":"1","a":1}`, b: `{"a":1}`, want: true},
		{name: "value differs", a: `{"k":"1","a":1}`, b: `{"k":"1","a":2}`},
		{name: "nested value differs", a: `{"a":{"b":"x"}}`, b: `{"a":{"b":"y"}}`},
		{name: "member added", a: `{"a":1}`, b: `{"a":1,"b":1}`},
		{name: "member renamed", a: `{"a":1}`, b: `{"b":1}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := parseDocument(tt.a)
			require.NoError(t, err)
			b, err := parseDocument(tt.b)
			require.NoError(t, err)
			assert.Equal(t, tt.want, a.sameExcept(b, "k"))
			assert.Equal(t, tt.want, b.sameExcept(a, "k"))
		})
	}
}
