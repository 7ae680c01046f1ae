package records

import (
	"bytes"
	"errors"
)

// Errors of SplitCSV. They name the fault, never the record's content.
var (
	ErrBareQuote     = errors.New("malformed CSV: quote in an unquoted field")
	ErrQuoteTrailer  = errors.New("malformed CSV: text after a closing quote")
	ErrUnclosedQuote = errors.New("malformed CSV: quoted field is not closed")
)

// CSVSplitter splits CSV records into fields, reusing its buffers: the
// fields it returns are valid until its next call.
type CSVSplitter struct {
	fields [][]byte
	ends   []int
	buf    []byte
}

// Split returns the fields of one record, unquoted.
func (s *CSVSplitter) Split(rec []byte) ([][]byte, error) {
	s.buf = s.buf[:0]
	s.ends = s.ends[:0]

	for i := 0; ; {
		var err error
		if i < len(rec) && rec[i] == '"' {
			i, err = s.quoted(rec, i+1)
		} else {
			i, err = s.plain(rec, i)
		}
		if err != nil {
			return nil, err
		}
		s.ends = append(s.ends, len(s.buf))
		if i >= len(rec) {
			break
		}
		i++ // the comma
	}

	s.fields = s.fields[:0]
	start := 0
	for _, end := range s.ends {
		s.fields = append(s.fields, s.buf[start:end:end])
		start = end
	}
	return s.fields, nil
}

// plain copies an unquoted field starting at i and returns the index of
// the comma that ends it, or len(rec).
func (s *CSVSplitter) plain(rec []byte, i int) (int, error) {
	end := bytes.IndexByte(rec[i:], ',')
	if end < 0 {
		end = len(rec)
	} else {
		end += i
	}
	field := rec[i:end]
	if bytes.IndexByte(field, '"') >= 0 {
		return 0, ErrBareQuote
	}
	s.buf = append(s.buf, field...)
	return end, nil
}

// quoted copies a quoted field whose text starts at i and returns the
// index just past its closing quote.
func (s *CSVSplitter) quoted(rec []byte, i int) (int, error) {
	for {
		q := bytes.IndexByte(rec[i:], '"')
		if q < 0 {
			return 0, ErrUnclosedQuote
		}
		s.buf = append(s.buf, rec[i:i+q]...)
		i += q + 1
		if i < len(rec) && rec[i] == '"' {
			s.buf = append(s.buf, '"')
			i++
			continue
		}
		if i < len(rec) && rec[i] != ',' {
			return 0, ErrQuoteTrailer
		}
		return i, nil
	}
}

// AppendCSVField appends field to dst, quoted when it holds a comma, a
// quote, a line break or leading or trailing space.
func AppendCSVField(dst, field []byte) []byte {
	if !needsQuotes(field) {
		return append(dst, field...)
	}

	dst = append(dst, '"')
	for {
		q := bytes.IndexByte(field, '"')
		if q < 0 {
			break
		}
		dst = append(dst, field[:q+1]...)
		dst = append(dst, '"')
		field = field[q+1:]
	}
	dst = append(dst, field...)
	return append(dst, '"')
}

// AppendCSVRecord appends fields as one CSV record ending in a line feed.
func AppendCSVRecord(dst []byte, fields [][]byte) []byte {
	for i, f := range fields {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = AppendCSVField(dst, f)
	}
	return append(dst, '\n')
}

func needsQuotes(field []byte) bool {
	if len(field) == 0 {
		return false
	}
	if field[0] == ' ' || field[0] == '\t' || field[len(field)-1] == ' ' || field[len(field)-1] == '\t' {
		return true
	}
	return bytes.ContainsAny(field, ",\"\r\n")
}
