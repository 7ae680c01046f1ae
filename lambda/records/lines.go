package records

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// readBufferSize is the size of the read buffer under each reader.
const readBufferSize = 64 << 10

// lineSource reads physical lines of bounded length from a stream.
type lineSource struct {
	br     *bufio.Reader
	limit  int
	buf    []byte
	line   int
	eof    bool
	primed bool
}

func newLineSource(r io.Reader, limit int) (*lineSource, error) {
	if limit <= 0 {
		return nil, ErrLimit
	}
	return &lineSource{br: bufio.NewReaderSize(r, readBufferSize), limit: limit}, nil
}

// physical is one line as read by lineSource.next.
type physical struct {
	// over reports that the line did not fit and was not kept.
	over bool
	// quotes counts the double quotes on the line, kept or not.
	quotes int
}

// next returns the next physical line with its line ending, appended to
// acc. When the line would grow acc by more than room bytes it is consumed
// to its end without being kept. It returns io.EOF when no byte is left.
func (s *lineSource) next(acc []byte, room int, countQuotes bool) ([]byte, physical, error) {
	var p physical
	if s.eof {
		return acc, p, io.EOF
	}
	if err := s.skipBOM(); err != nil {
		return acc, p, err
	}
	s.line++

	start := len(acc)
	read := 0
	for {
		chunk, err := s.br.ReadSlice('\n')
		read += len(chunk)
		if countQuotes {
			p.quotes += bytes.Count(chunk, quote)
		}
		if !p.over {
			if len(acc)-start+len(chunk) > room {
				p.over = true
				acc = acc[:start]
			} else {
				acc = append(acc, chunk...)
			}
		}

		switch {
		case err == nil:
			return acc, p, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			s.eof = true
			if read == 0 {
				s.line--
				return acc, p, io.EOF
			}
			return acc, p, nil
		default:
			return acc, p, fmt.Errorf("read line %d: %w", s.line, err)
		}
	}
}

// skipBOM drops a UTF-8 byte order mark at the start of the stream.
func (s *lineSource) skipBOM() error {
	if s.primed {
		return nil
	}
	s.primed = true

	head, err := s.br.Peek(len(bom))
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("read start of object: %w", err)
	}
	if bytes.Equal(head, bom) {
		_, _ = s.br.Discard(len(bom))
	}
	return nil
}

// trimEOL removes one trailing LF or CRLF.
func trimEOL(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
		if n := len(b); n > 0 && b[n-1] == '\r' {
			b = b[:n-1]
		}
	}
	return b
}

// eolRoom is the room a line ending may take beyond the record limit.
const eolRoom = 2

// LineReader reads JSON Lines records: one record a line, blank lines
// skipped.
type LineReader struct {
	src *lineSource
}

// NewLineReader returns a LineReader over r that reports records longer
// than limit bytes as oversize.
func NewLineReader(r io.Reader, limit int) (*LineReader, error) {
	src, err := newLineSource(r, limit)
	if err != nil {
		return nil, fmt.Errorf("new line reader: %w", err)
	}
	return &LineReader{src: src}, nil
}

// Next returns the next non-blank line.
func (r *LineReader) Next() (Record, error) {
	for {
		raw, p, err := r.src.next(r.src.buf[:0], r.src.limit+eolRoom, false)
		r.src.buf = raw
		if err != nil {
			return Record{}, err
		}

		data := trimEOL(raw)
		if p.over || len(data) > r.src.limit {
			return Record{Line: r.src.line, Oversize: true}, nil
		}
		if len(bytes.TrimSpace(data)) == 0 {
			continue
		}
		return Record{Line: r.src.line, Data: data}, nil
	}
}
