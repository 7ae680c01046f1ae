// Package upload writes S3 objects as streams, encrypted with SSE-KMS
// under a named key.
//
// A Writer holds at most two parts in memory: one filling while the other
// uploads. An object smaller than one part is written with a single
// PutObject; a larger one with a multipart upload that is completed by
// Close and aborted on any failure, so a failed write leaves no object and
// no stored parts behind. Every request names the encryption
// (aws:kms) and the key explicitly instead of relying on bucket defaults,
// and carries a CRC32 checksum.
package upload

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// DefaultPartSize is the part size of multipart uploads: with S3's limit of
// 10,000 parts it allows objects up to about 78 GiB.
const DefaultPartSize = 8 << 20

// MinPartSize is S3's least size for all parts but the last.
const MinPartSize = 5 << 20

// abortTimeout bounds the clean-up of a failed upload, which runs even
// when the request's context is done.
const abortTimeout = 10 * time.Second

// S3API is the part of the S3 client that Writer uses.
type S3API interface {
	PutObject(ctx context.Context, in *s3.PutObjectInput,
		optFns ...func(*s3.Options)) (*s3.PutObjectOutput, error)
	CreateMultipartUpload(ctx context.Context, in *s3.CreateMultipartUploadInput,
		optFns ...func(*s3.Options)) (*s3.CreateMultipartUploadOutput, error)
	UploadPart(ctx context.Context, in *s3.UploadPartInput,
		optFns ...func(*s3.Options)) (*s3.UploadPartOutput, error)
	CompleteMultipartUpload(ctx context.Context, in *s3.CompleteMultipartUploadInput,
		optFns ...func(*s3.Options)) (*s3.CompleteMultipartUploadOutput, error)
	AbortMultipartUpload(ctx context.Context, in *s3.AbortMultipartUploadInput,
		optFns ...func(*s3.Options)) (*s3.AbortMultipartUploadOutput, error)
}

// Target names the object to write and how to encrypt it.
type Target struct {
	Bucket      string
	Key         string
	KMSKeyARN   string
	ContentType string
}

// Writer streams one object to S3. Write and Close are not safe for
// concurrent use. After an error, the Writer only reports that error.
type Writer struct {
	ctx      context.Context
	api      S3API
	target   Target
	partSize int

	buf      []byte
	spare    []byte
	uploadID string
	parts    []types.CompletedPart
	inFlight chan partResult
	err      error
	done     bool
}

type partResult struct {
	part types.CompletedPart
	buf  []byte
	err  error
}

// New returns a Writer of target with parts of partSize bytes, at least
// MinPartSize.
func New(ctx context.Context, api S3API, target Target, partSize int) *Writer {
	partSize = max(partSize, MinPartSize)
	return &Writer{ctx: ctx, api: api, target: target, partSize: partSize}
}

// Write buffers p, uploading each part as it fills.
func (w *Writer) Write(p []byte) (int, error) {
	if w.err != nil {
		return 0, w.err
	}
	if w.done {
		return 0, errors.New("write " + w.target.Key + ": writer is closed")
	}

	n := len(p)
	for len(p) > 0 {
		if w.buf == nil {
			w.buf = w.takeBuffer()
		}
		room := w.partSize - len(w.buf)
		take := min(room, len(p))
		w.buf = append(w.buf, p[:take]...)
		p = p[take:]

		if len(w.buf) == w.partSize {
			if err := w.flushPart(); err != nil {
				return n - len(p), err
			}
		}
	}
	return n, nil
}

// Close writes what is buffered and completes the object. On failure the
// upload is aborted.
func (w *Writer) Close() error {
	if w.err != nil {
		return w.err
	}
	if w.done {
		return nil
	}
	w.done = true

	if w.uploadID == "" {
		return w.fail(w.putObject())
	}
	if len(w.buf) > 0 {
		if err := w.flushPart(); err != nil {
			return err
		}
	}
	if err := w.wait(); err != nil {
		return err
	}
	return w.fail(w.complete())
}

// Abort discards the object: it aborts a started multipart upload and
// makes later writes fail. It does nothing after a successful Close.
func (w *Writer) Abort() error {
	if w.done && w.err == nil {
		return nil
	}
	w.done = true
	if w.err == nil {
		w.err = errors.New("write " + w.target.Key + ": aborted")
	}
	if w.inFlight != nil {
		<-w.inFlight
		w.inFlight = nil
	}
	return w.abortUpload()
}

func (w *Writer) takeBuffer() []byte {
	if w.spare != nil {
		b := w.spare[:0]
		w.spare = nil
		return b
	}
	return make([]byte, 0, w.partSize)
}

// flushPart starts the upload of the current buffer once the previous
// part has finished.
func (w *Writer) flushPart() error {
	if w.uploadID == "" {
		if err := w.fail(w.create()); err != nil {
			return err
		}
	}
	if err := w.wait(); err != nil {
		return err
	}

	number := int32(len(w.parts) + 1)
	buf := w.buf
	w.buf = nil
	w.inFlight = make(chan partResult, 1)
	go func(ch chan<- partResult) {
		part, err := w.uploadPart(number, buf)
		ch <- partResult{part: part, buf: buf, err: err}
	}(w.inFlight)
	return nil
}

// wait collects the part in flight, if any.
func (w *Writer) wait() error {
	if w.inFlight == nil {
		return nil
	}
	res := <-w.inFlight
	w.inFlight = nil
	w.spare = res.buf
	if res.err != nil {
		return w.fail(res.err)
	}
	w.parts = append(w.parts, res.part)
	return nil
}

// fail records err, aborts the upload and returns err.
func (w *Writer) fail(err error) error {
	if err == nil {
		return nil
	}
	w.err = err
	w.done = true
	if abortErr := w.abortUpload(); abortErr != nil {
		w.err = errors.Join(err, abortErr)
	}
	return w.err
}

func (w *Writer) abortUpload() error {
	if w.uploadID == "" {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(w.ctx), abortTimeout)
	defer cancel()

	_, err := w.api.AbortMultipartUpload(ctx, &s3.AbortMultipartUploadInput{
		Bucket: aws.String(w.target.Bucket), Key: aws.String(w.target.Key), UploadId: aws.String(w.uploadID),
	})
	w.uploadID = ""
	if err != nil {
		return fmt.Errorf("abort upload of %s: %w", w.target.Key, err)
	}
	return nil
}

func (w *Writer) putObject() error {
	_, err := w.api.PutObject(w.ctx, &s3.PutObjectInput{
		Bucket:               aws.String(w.target.Bucket),
		Key:                  aws.String(w.target.Key),
		Body:                 bytes.NewReader(w.buf),
		ContentLength:        aws.Int64(int64(len(w.buf))),
		ContentType:          contentType(w.target),
		ServerSideEncryption: types.ServerSideEncryptionAwsKms,
		SSEKMSKeyId:          aws.String(w.target.KMSKeyARN),
		ChecksumAlgorithm:    types.ChecksumAlgorithmCrc32,
	})
	if err != nil {
		return fmt.Errorf("put object %s: %w", w.target.Key, err)
	}
	return nil
}

func (w *Writer) create() error {
	out, err := w.api.CreateMultipartUpload(w.ctx, &s3.CreateMultipartUploadInput{
		Bucket:               aws.String(w.target.Bucket),
		Key:                  aws.String(w.target.Key),
		ContentType:          contentType(w.target),
		ServerSideEncryption: types.ServerSideEncryptionAwsKms,
		SSEKMSKeyId:          aws.String(w.target.KMSKeyARN),
		ChecksumAlgorithm:    types.ChecksumAlgorithmCrc32,
	})
	if err != nil {
		return fmt.Errorf("create upload of %s: %w", w.target.Key, err)
	}
	w.uploadID = aws.ToString(out.UploadId)
	return nil
}

func (w *Writer) uploadPart(number int32, buf []byte) (types.CompletedPart, error) {
	out, err := w.api.UploadPart(w.ctx, &s3.UploadPartInput{
		Bucket:            aws.String(w.target.Bucket),
		Key:               aws.String(w.target.Key),
		UploadId:          aws.String(w.uploadID),
		PartNumber:        aws.Int32(number),
		Body:              bytes.NewReader(buf),
		ContentLength:     aws.Int64(int64(len(buf))),
		ChecksumAlgorithm: types.ChecksumAlgorithmCrc32,
	})
	if err != nil {
		return types.CompletedPart{}, fmt.Errorf("upload part %d of %s: %w", number, w.target.Key, err)
	}
	return types.CompletedPart{
		PartNumber: aws.Int32(number), ETag: out.ETag, ChecksumCRC32: out.ChecksumCRC32,
	}, nil
}

func (w *Writer) complete() error {
	_, err := w.api.CompleteMultipartUpload(w.ctx, &s3.CompleteMultipartUploadInput{
		Bucket:          aws.String(w.target.Bucket),
		Key:             aws.String(w.target.Key),
		UploadId:        aws.String(w.uploadID),
		MultipartUpload: &types.CompletedMultipartUpload{Parts: w.parts},
	})
	if err != nil {
		return fmt.Errorf("complete upload of %s: %w", w.target.Key, err)
	}
	w.uploadID = ""
	return nil
}

func contentType(t Target) *string {
	if t.ContentType == "" {
		return nil
	}
	return aws.String(t.ContentType)
}
