package records

import (
	"errors"
	"fmt"
	"io"
)

// CSVReader reads RFC 4180 CSV records. A record ends at a line break that
// is outside double quotes, so quoted fields may span lines. Empty lines
// between records are skipped.
type CSVReader struct {
	src *lineSource
}

// NewCSVReader returns a CSVReader over r that reports records longer than
// limit bytes as oversize.
func NewCSVReader(r io.Reader, limit int) (*CSVReader, error) {
	src, err := newLineSource(r, limit)
	if err != nil {
		return nil, fmt.Errorf("new csv reader: %w", err)
	}
	return &CSVReader{src: src}, nil
}

// Next returns the next record. An oversize record is still read up to
// the line break that ends it, quotes included, so the next record starts
// where it should.
func (r *CSVReader) Next() (Record, error) {
	for {
		rec, err := r.record()
		if err != nil || rec.Oversize || len(rec.Data) > 0 {
			return rec, err
		}
	}
}

func (r *CSVReader) record() (Record, error) {
	acc := r.src.buf[:0]
	start := 0
	over := false
	quotes := 0

	for {
		room := r.src.limit + eolRoom - len(acc)
		if over {
			room = -1
		}
		var p physical
		var err error
		acc, p, err = r.src.next(acc, room, true)
		if errors.Is(err, io.EOF) && start > 0 {
			break // an unterminated quote runs to the end of the object
		}
		if err != nil {
			r.src.buf = acc
			return Record{}, err
		}
		if start == 0 {
			start = r.src.line
		}
		if p.over {
			over = true
			acc = acc[:0]
		}

		quotes += p.quotes
		if quotes%2 == 0 {
			break
		}
	}
	r.src.buf = acc

	data := trimEOL(acc)
	if over || len(data) > r.src.limit {
		return Record{Line: start, Oversize: true}, nil
	}
	return Record{Line: start, Data: data}, nil
}
