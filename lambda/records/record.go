// Package records reads and writes the record formats of input objects as
// streams, one record at a time, whatever the object size.
//
// A reader never holds more than one record, and never more than the
// record size limit of it: a longer record is skipped without being
// buffered and reported as oversize, with the line it started on, so the
// caller can quarantine it and go on with the next.
//
// Supported formats are JSON Lines (one record a line; blank lines are not
// records) and RFC 4180 CSV (a record ends at a line break outside quotes;
// fields are split by SplitCSV). A UTF-8 byte order mark at the start of an
// object is ignored, and CRLF line endings are accepted.
package records

import "errors"

// Record is one raw record read from an object.
type Record struct {
	// Line is the 1-based line number on which the record starts.
	Line int
	// Data is the record without its line ending. It is valid only until
	// the next call to Next. It is nil when Oversize is set.
	Data []byte
	// Oversize reports that the record was longer than the limit and was
	// skipped unread.
	Oversize bool
}

// Reader yields the records of an object in order.
type Reader interface {
	// Next returns the next record, or io.EOF after the last one.
	Next() (Record, error)
}

// ErrLimit reports an invalid record size limit.
var ErrLimit = errors.New("record size limit must be positive")

var (
	bom   = []byte{0xef, 0xbb, 0xbf}
	quote = []byte{'"'}
)
