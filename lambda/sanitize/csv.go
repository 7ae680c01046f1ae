package sanitize

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/securepipe/securepipe/lambda/fieldpolicy"
	"github.com/securepipe/securepipe/lambda/pseudonym"
)

// ErrEmptyHeader reports a CSV object whose first record names no column.
var ErrEmptyHeader = errors.New("csv header is empty")

var redacted = []byte(RedactedValue)

// CSV applies a dataset's policy to CSV records, given the object's
// header. It reuses its buffers, so it is not safe for concurrent use.
type CSV struct {
	ds       *fieldpolicy.Dataset
	tok      *pseudonym.Tokenizer
	actions  []fieldpolicy.Action
	header   [][]byte
	required []int // column of each required field, -1 when absent
	out      [][]byte
	tokens   []byte
	spans    []tokenSpan
}

// tokenSpan places a token from the token buffer in the output.
type tokenSpan struct{ field, start, end int }

// NewCSV returns a CSV sanitizer for ds and the columns named by header.
// A header that names a column twice is refused: its records could not be
// read without guessing.
func NewCSV(ds *fieldpolicy.Dataset, tok *pseudonym.Tokenizer, header [][]byte) (*CSV, error) {
	if len(header) == 0 || len(header) == 1 && len(header[0]) == 0 {
		return nil, ErrEmptyHeader
	}

	c := &CSV{ds: ds, tok: tok}
	index := map[string]int{}
	for i, name := range header {
		if _, dup := index[string(name)]; dup {
			return nil, fmt.Errorf("csv header: column %d repeats an earlier column name", i+1)
		}
		index[string(name)] = i

		action := ds.ActionFor(string(name))
		c.actions = append(c.actions, action)
		if action != fieldpolicy.Drop {
			c.header = append(c.header, append([]byte(nil), name...))
		}
	}

	for _, r := range ds.Required {
		i, ok := index[r]
		if !ok {
			i = -1
		}
		c.required = append(c.required, i)
	}
	return c, nil
}

// Header returns the column names of the output, in input order.
func (c *CSV) Header() [][]byte { return c.header }

// Apply returns the output fields of one record, valid until the next
// call. When the record must be quarantined it returns the reason.
func (c *CSV) Apply(fields [][]byte) ([][]byte, string) {
	if len(fields) != len(c.actions) {
		return nil, "record has " + strconv.Itoa(len(fields)) + " fields, the header names " +
			strconv.Itoa(len(c.actions))
	}
	for k, i := range c.required {
		if i < 0 || len(fields[i]) == 0 {
			return nil, missingReason(c.ds.Required[k])
		}
	}

	c.out = c.out[:0]
	c.tokens = c.tokens[:0]
	c.spans = c.spans[:0]
	for i, f := range fields {
		switch c.actions[i] {
		case fieldpolicy.Keep:
			c.out = append(c.out, f)
		case fieldpolicy.Redact:
			c.out = append(c.out, redacted)
		case fieldpolicy.Pseudonymise:
			c.pseudonymise(f)
		}
	}

	// The token buffer has stopped growing: point the output at it.
	for _, s := range c.spans {
		c.out[s.field] = c.tokens[s.start:s.end]
	}
	return c.out, ""
}

// pseudonymise adds the token of f to the token buffer and a placeholder
// for it to the output. An empty field stays empty.
func (c *CSV) pseudonymise(f []byte) {
	if len(f) == 0 {
		c.out = append(c.out, f)
		return
	}
	start := len(c.tokens)
	c.tokens = c.tok.Append(c.tokens, f)
	c.spans = append(c.spans, tokenSpan{field: len(c.out), start: start, end: len(c.tokens)})
	c.out = append(c.out, nil)
}
