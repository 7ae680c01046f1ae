package processor

import (
	"encoding/json"
	"errors"
	"strings"

	"github.com/aws/aws-lambda-go/events"
)

// testEvent is the Event of the message S3 sends when notifications are
// configured.
const testEvent = "s3:TestEvent"

// objectCreated starts the event name of every object-created record.
const objectCreated = "ObjectCreated:"

// ErrNotNotification reports an SQS message that is not an S3 event
// notification. The decoder's own error is not kept: it may quote the
// message.
var ErrNotNotification = errors.New("message body is not an S3 event notification")

// notification is the body of an SQS message sent by S3.
type notification struct {
	Event   string                 `json:"Event"`
	Records []events.S3EventRecord `json:"Records"`
}

// parseNotification returns the objects a message announces as created.
// A test event announces none.
func parseNotification(body string) ([]Object, error) {
	var n notification
	if json.Unmarshal([]byte(body), &n) != nil {
		return nil, ErrNotNotification
	}
	if n.Event == testEvent {
		return nil, nil
	}
	if len(n.Records) == 0 {
		return nil, ErrNotNotification
	}

	var objs []Object
	for _, rec := range n.Records {
		if rec.EventSource != "aws:s3" || !strings.HasPrefix(rec.EventName, objectCreated) {
			continue
		}
		objs = append(objs, Object{
			Bucket:    rec.S3.Bucket.Name,
			Key:       rec.S3.Object.URLDecodedKey,
			VersionID: rec.S3.Object.VersionID,
		})
	}
	return objs, nil
}
