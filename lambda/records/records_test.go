package records

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// got is a record as a test expects it.
type got struct {
	Line     int
	Data     string
	Oversize bool
}

func readAll(t *testing.T, r Reader) []got {
	t.Helper()
	var out []got
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		require.NoError(t, err)
		out = append(out, got{Line: rec.Line, Data: string(rec.Data), Oversize: rec.Oversize})
	}
}

func TestLineReader(t *testing.T) {
	tests := []struct {
		name  string
		input string
		limit int
		want  []got
	}{
		{name: "empty", input: "", limit: 10},
		{name: "lines", input: "{\"a\":1}\n{\"b\":2}\n", limit: 10,
			want: []got{{Line: 1, Data: `{"a":1}`}, {Line: 2, Data: `{"b":2}`}}},
		{name: "no final newline", input: "a\nb", limit: 10,
			want: []got{{Line: 1, Data: "a"}, {Line: 2, Data: "b"}}},
		{name: "crlf", input: "a\r\nb\r\n", limit: 1,
			want: []got{{Line: 1, Data: "a"}, {Line: 2, Data: "b"}}},
		{name: "blank lines skipped", input: "a\n\n  \nb\n", limit: 10,
			want: []got{{Line: 1, Data: "a"}, {Line: 4, Data: "b"}}},
		{name: "byte order mark", input: "\xef\xbb\xbfa\nb\n", limit: 1,
			want: []got{{Line: 1, Data: "a"}, {Line: 2, Data: "b"}}},
		{name: "at the limit", input: "12345\n", limit: 5,
			want: []got{{Line: 1, Data: "12345"}}},
		{name: "over the limit", input: "123456\nok\n", limit: 5,
			want: []got{{Line: 1, Oversize: true}, {Line: 2, Data: "ok"}}},
		{name: "over the limit by the line ending only", input: "12345\r\n", limit: 5,
			want: []got{{Line: 1, Data: "12345"}}},
		{name: "long line past the read buffer",
			input: "a\n" + strings.Repeat("x", 3*readBufferSize) + "\nb", limit: 100,
			want: []got{{Line: 1, Data: "a"}, {Line: 2, Oversize: true}, {Line: 3, Data: "b"}}},
		{name: "long line within the limit",
			input: strings.Repeat("y", 2*readBufferSize) + "\n", limit: 3 * readBufferSize,
			want: []got{{Line: 1, Data: strings.Repeat("y", 2*readBufferSize)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewLineReader(iotest.HalfReader(strings.NewReader(tt.input)), tt.limit)
			require.NoError(t, err)
			assert.Equal(t, tt.want, readAll(t, r))
		})
	}
}

func TestCSVReader(t *testing.T) {
	tests := []struct {
		name  string
		input string
		limit int
		want  []got
	}{
		{name: "empty", input: "", limit: 10},
		{name: "records", input: "id,name\n1,ada\n", limit: 10,
			want: []got{{Line: 1, Data: "id,name"}, {Line: 2, Data: "1,ada"}}},
		{name: "quoted line break", input: "id,note\n1,\"two\nlines\"\n2,x\n", limit: 20,
			want: []got{{Line: 1, Data: "id,note"}, {Line: 2, Data: "1,\"two\nlines\""}, {Line: 4, Data: "2,x"}}},
		{name: "escaped quotes", input: "1,\"say \"\"hi\"\"\"\n", limit: 20,
			want: []got{{Line: 1, Data: `1,"say ""hi"""`}}},
		{name: "empty lines skipped", input: "a\n\nb\r\n", limit: 5,
			want: []got{{Line: 1, Data: "a"}, {Line: 3, Data: "b"}}},
		{name: "byte order mark", input: "\xef\xbb\xbfid\n1\n", limit: 5,
			want: []got{{Line: 1, Data: "id"}, {Line: 2, Data: "1"}}},
		{name: "unterminated quote runs to the end", input: "a\n\"b\nc\n", limit: 20,
			want: []got{{Line: 1, Data: "a"}, {Line: 2, Data: "\"b\nc"}}},
		{name: "oversize single line", input: "id\n1234567\n2\n", limit: 5,
			want: []got{{Line: 1, Data: "id"}, {Line: 2, Oversize: true}, {Line: 3, Data: "2"}}},
		{name: "oversize quoted record spanning lines",
			input: "id\n\"aaa\nbbbbbbbbbb\nc\"\n2\n", limit: 8,
			want: []got{{Line: 1, Data: "id"}, {Line: 2, Oversize: true}, {Line: 5, Data: "2"}}},
		{name: "oversize line with a quote inside a quoted record",
			input: "\"a\n" + strings.Repeat("\"\"", 3*readBufferSize) + "\n\"\nok\n", limit: 10,
			want: []got{{Line: 1, Oversize: true}, {Line: 4, Data: "ok"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewCSVReader(iotest.HalfReader(strings.NewReader(tt.input)), tt.limit)
			require.NoError(t, err)
			assert.Equal(t, tt.want, readAll(t, r))
		})
	}
}

func TestReadersRefuseBadLimit(t *testing.T) {
	_, err := NewLineReader(strings.NewReader(""), 0)
	require.ErrorIs(t, err, ErrLimit)
	_, err = NewCSVReader(strings.NewReader(""), -1)
	require.ErrorIs(t, err, ErrLimit)
}

func TestReadersReportStreamErrors(t *testing.T) {
	boom := errors.New("connection reset")
	r, err := NewLineReader(iotest.ErrReader(boom), 10)
	require.NoError(t, err)
	_, err = r.Next()
	require.ErrorIs(t, err, boom)
}

func TestOversizeIsNotBuffered(t *testing.T) {
	const limit = 1 << 10
	input := io.MultiReader(strings.NewReader("a\n"), zeros(64<<20), strings.NewReader("\nb\n"))
	r, err := NewLineReader(input, limit)
	require.NoError(t, err)

	assert.Equal(t, []got{{Line: 1, Data: "a"}, {Line: 2, Oversize: true}, {Line: 3, Data: "b"}},
		readAll(t, r))
	assert.LessOrEqual(t, cap(r.src.buf), 2*readBufferSize)
}

func zeros(n int64) io.Reader {
	return io.LimitReader(repeatReader('0'), n)
}

type repeatReader byte

func (b repeatReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(b)
	}
	return len(p), nil
}

func TestSplitCSV(t *testing.T) {
	tests := []struct {
		name    string
		rec     string
		want    []string
		wantErr error
	}{
		{name: "plain", rec: "a,b,c", want: []string{"a", "b", "c"}},
		{name: "empty fields", rec: ",,", want: []string{"", "", ""}},
		{name: "single empty", rec: "", want: []string{""}},
		{name: "quoted", rec: `"a,b","c"`, want: []string{"a,b", "c"}},
		{name: "escaped quote", rec: `"say ""hi""",x`, want: []string{`say "hi"`, "x"}},
		{name: "line break", rec: "\"a\nb\",c", want: []string{"a\nb", "c"}},
		{name: "quoted empty", rec: `"",a`, want: []string{"", "a"}},
		{name: "bare quote", rec: `a"b,c`, wantErr: ErrBareQuote},
		{name: "text after quote", rec: `"a"b,c`, wantErr: ErrQuoteTrailer},
		{name: "unclosed", rec: `"abc`, wantErr: ErrUnclosedQuote},
	}
	var s CSVSplitter
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fields, err := s.Split([]byte(tt.rec))
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			var got []string
			for _, f := range fields {
				got = append(got, string(f))
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestAppendCSVRecord(t *testing.T) {
	tests := []struct {
		name   string
		fields []string
		want   string
	}{
		{name: "plain", fields: []string{"a", "b"}, want: "a,b\n"},
		{name: "comma", fields: []string{"a,b"}, want: "\"a,b\"\n"},
		{name: "quote", fields: []string{`say "hi"`}, want: "\"say \"\"hi\"\"\"\n"},
		{name: "line break", fields: []string{"a\nb"}, want: "\"a\nb\"\n"},
		{name: "leading space", fields: []string{" a"}, want: "\" a\"\n"},
		{name: "empty", fields: []string{"", ""}, want: ",\n"},
	}
	var s CSVSplitter
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var in [][]byte
			for _, f := range tt.fields {
				in = append(in, []byte(f))
			}
			out := AppendCSVRecord(nil, in)
			assert.Equal(t, tt.want, string(out))

			back, err := s.Split(bytes.TrimSuffix(out, []byte("\n")))
			require.NoError(t, err)
			assert.Equal(t, in, back, "what is written splits back to the same fields")
		})
	}
}
