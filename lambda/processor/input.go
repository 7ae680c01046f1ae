package processor

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// inputBufferSize is the read buffer between the object and the decoder.
const inputBufferSize = 64 << 10

var gzipMagic = []byte{0x1f, 0x8b}

// input is an input object opened for streaming. It hashes and counts the
// bytes as stored while they are decoded.
type input struct {
	body    io.ReadCloser
	raw     *bufio.Reader
	records io.Reader
	hash    hash.Hash
	size    int64
	gzipped bool
}

// openInput opens obj, detects gzip by its magic bytes and returns a
// reader of the decompressed stream.
func openInput(ctx context.Context, api S3API, obj Object) (*input, error) {
	in := &s3.GetObjectInput{Bucket: aws.String(obj.Bucket), Key: aws.String(obj.Key)}
	if obj.VersionID != "" {
		in.VersionId = aws.String(obj.VersionID)
	}
	out, err := api.GetObject(ctx, in)
	if err != nil {
		return nil, fmt.Errorf("get object %s: %w", obj.Key, err)
	}

	i := &input{body: out.Body, hash: sha256.New()}
	i.raw = bufio.NewReaderSize(io.TeeReader(out.Body, (*countingHash)(i)), inputBufferSize)
	i.records = i.raw

	magic, err := i.raw.Peek(len(gzipMagic))
	if err != nil && err != io.EOF {
		i.body.Close()
		return nil, fmt.Errorf("read object %s: %w", obj.Key, err)
	}
	if bytes.Equal(magic, gzipMagic) {
		gz, err := gzip.NewReader(i.raw)
		if err != nil {
			i.body.Close()
			return nil, fmt.Errorf("read gzip header of %s: %w", obj.Key, err)
		}
		i.records, i.gzipped = gz, true
	}
	return i, nil
}

// finish reads any bytes left after the records, so the hash covers the
// whole object, and returns the hex SHA-256 and size.
func (i *input) finish() (string, int64, error) {
	if _, err := io.Copy(io.Discard, i.raw); err != nil {
		return "", 0, fmt.Errorf("read end of object: %w", err)
	}
	return hex.EncodeToString(i.hash.Sum(nil)), i.size, nil
}

func (i *input) close() { _ = i.body.Close() }

func (i *input) compression() string {
	if i.gzipped {
		return "gzip"
	}
	return "none"
}

// countingHash feeds the stored bytes of an input to its hash and size.
type countingHash input

func (c *countingHash) Write(p []byte) (int, error) {
	c.size += int64(len(p))
	return c.hash.Write(p)
}
