package template

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// parseError names the file, and the line and column where they are
// known, in front of err: parse a.yaml:12: ... like a compiler.
func parseError(file string, err error) error {
	var pe *posError
	if errors.As(err, &pe) {
		return fmt.Errorf("parse %s:%s: %w", file, pe.where(), pe.err)
	}
	return fmt.Errorf("parse %s: %w", file, err)
}

// offsetError is a JSON error and the offset the decoder had reached.
type offsetError struct {
	offset int64
	err    error
}

func (e *offsetError) Error() string { return e.err.Error() }
func (e *offsetError) Unwrap() error { return e.err }

func at(dec *json.Decoder, err error) error {
	var oe *offsetError
	if errors.As(err, &oe) {
		return err
	}
	return &offsetError{offset: dec.InputOffset(), err: err}
}

// jsonError places a JSON error at its line and column. The decoder's
// syntax errors count from the value it was decoding, so a syntax error is
// located by validating the whole input again; other errors stay where
// the decoder had reached.
func jsonError(data []byte, err error) error {
	offset := int64(-1)
	var oe *offsetError
	if errors.As(err, &oe) {
		offset, err = oe.offset, oe.err
	}
	var whole any
	var syn *json.SyntaxError
	if errors.As(json.Unmarshal(data, &whole), &syn) {
		// Offset counts the bytes read, the offending one included.
		offset = max(syn.Offset-1, 0)
		err = fmt.Errorf("%s (offset %d)", syn.Error(), offset)
		if strings.HasPrefix(syn.Error(), "unexpected end of JSON input") {
			err = fmt.Errorf("unexpected end of input at offset %d: the JSON stops before the template is closed", len(data))
		}
	}
	if offset < 0 {
		return err
	}
	line, col := position(data, int(offset))
	return &posError{line: line, column: col, err: err}
}

// position returns the 1-based line and column of offset in data.
func position(data []byte, offset int) (line, column int) {
	offset = min(max(offset, 0), len(data))
	line = 1 + bytes.Count(data[:offset], []byte{'\n'})
	column = offset - bytes.LastIndexByte(data[:offset], '\n')
	return line, column
}

// posError is a reading error at a place in the file.
type posError struct {
	line, column int
	err          error
}

func (e *posError) Error() string { return e.where() + ": " + e.err.Error() }
func (e *posError) Unwrap() error { return e.err }

func (e *posError) where() string {
	if e.column > 0 {
		return fmt.Sprintf("%d:%d", e.line, e.column)
	}
	return strconv.Itoa(e.line)
}

func lineErrorf(line int, format string, args ...any) error {
	return &posError{line: line, err: fmt.Errorf(format, args...)}
}

// atLine places err at line, when the line is known.
func atLine(line int, err error) error {
	if line <= 0 {
		return err
	}
	return &posError{line: line, err: err}
}

// yamlLine matches the line yaml.v3 puts in its syntax errors.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlError places a YAML syntax error at its line.
func yamlError(err error) error {
	m := yamlLine.FindStringSubmatch(err.Error())
	if m == nil {
		return err
	}
	line, _ := strconv.Atoi(m[1])
	return &posError{line: line, err: errors.New(m[2])}
}
