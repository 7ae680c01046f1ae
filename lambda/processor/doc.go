// Package processor turns input objects into processed, quarantined and
// manifest objects, and handles the SQS batches that announce them.
//
// # Input
//
// The function is triggered by an SQS queue that carries the input
// bucket's s3:ObjectCreated:* notifications. S3's s3:TestEvent messages
// are acknowledged and ignored, as are records of other event types.
// Each object is read once, by the version the notification names, as a
// stream. Its dataset is chosen by key prefix from the field policy; its
// format (JSON Lines or CSV) comes from the dataset, and gzip compression
// is detected from the first two bytes (1f 8b).
//
// # Output
//
// For an input object with key K and version V (the literal "null" for an
// object written while versioning was off), the processor writes to the
// output bucket:
//
//	processed/K/V'.jsonl   or   processed/K/V'.csv
//	quarantine/K/V'.jsonl  only when records were quarantined
//	manifests/K/V'.json    always, last
//
// where V' is V with '/' and other path-reserved characters percent-encoded
// (url.PathEscape), so the version is always the last path segment and
// two inputs can never share an output key. Processed output is never
// compressed; it has the input's format: JSON Lines with members in input
// order, or CSV whose header lists the surviving columns in input order.
//
// Each quarantine line is a JSON object: {"line":N,"reason":"…","record":"…"}.
// The record member holds the raw record as a JSON string (bytes that are
// not UTF-8 become U+FFFD) and is absent for records over the size limit,
// which are never buffered. Quarantine therefore holds unprocessed data:
// it is encrypted like everything else, and read access to the prefix
// should be limited to data stewards.
//
// The manifest is a JSON object (see Manifest) with the input's key,
// version, SHA-256 and size as stored, the dataset, the counts of records
// read, written and quarantined, the key version that the tokens name,
// the VersionId of the secret version the key was read from, and the keys
// of the outputs. It is written after the other outputs have been
// completed, so its presence marks a finished object.
//
// Every object is written with ServerSideEncryption aws:kms and
// SSEKMSKeyId set to the data key.
//
// # Idempotency
//
// Output keys depend only on the input key and version. Before reading an
// object the processor looks for its manifest: if it is there, the object
// was processed and the message is acknowledged without writing anything,
// so a redelivered message gives neither a duplicate nor a second version
// of any output. A failed write aborts its multipart upload, so no partial
// object is left; an object whose manifest is missing is processed again
// from the start and overwrites whatever an earlier attempt completed.
//
// # Failures
//
// A record that is oversize, malformed or lacks a required field is
// quarantined with its line and a reason, and processing goes on. An
// object that cannot be processed as a whole fails its message, which is
// listed in the response's batchItemFailures so that only that message is
// retried and, after the queue's maxReceiveCount, moved to the dead-letter
// queue (the event source mapping must enable ReportBatchItemFailures).
// Messages still waiting when the invocation nears its deadline are listed
// there too, unstarted, rather than letting a timeout retry the batch. That is the case for an object whose key matches no
// dataset: it is neither read nor copied anywhere, since data that no
// policy governs must not leave the input bucket; the failure is logged
// with a content-free reason and the dead-letter queue keeps the
// notification for someone to act on. Other whole-object failures are
// corrupt compression, an unusable CSV header, an unreadable object or a
// failed write. No log line, error or output key ever holds record
// content or key material.
package processor
