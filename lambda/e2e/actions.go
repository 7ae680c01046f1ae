package e2e

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/securepipe/securepipe/lambda/permissions"
)

// Names are the deployment's resource names, which the recorder replaces
// with the variables of package permissions.
type Names struct {
	InputBucket  string
	OutputBucket string
	SecretARN    string
	DataKeyARN   string
}

// S3 headers that name the KMS key of an object.
const (
	headerSSE      = "X-Amz-Server-Side-Encryption"
	headerSSEKeyID = "X-Amz-Server-Side-Encryption-Aws-Kms-Key-Id"
)

// requestGrants returns the IAM actions a request needs before its
// response is known.
func (n Names) requestGrants(r *http.Request, body []byte) []permissions.Grant {
	switch service(r) {
	case "s3":
		return n.s3Request(r)
	case "secretsmanager":
		return n.jsonRequest(r, body, "secretsmanager.", "secretsmanager:", "SecretId")
	case "kms":
		return n.jsonRequest(r, body, "TrentService.", "kms:", "KeyId")
	}
	return []permissions.Grant{unknown(r)}
}

// responseGrants returns the IAM actions a request turned out to need
// once its response is known: the key S3 decrypted with, and the bucket
// listing that lets a missing object read as 404 rather than 403.
func (n Names) responseGrants(r *http.Request, status int, header http.Header) []permissions.Grant {
	if service(r) != "s3" {
		return nil
	}
	bucket, key := s3Path(r)
	var out []permissions.Grant
	if r.Method == http.MethodGet && key != "" && status/100 == 2 && header.Get(headerSSE) == "aws:kms" {
		out = append(out, permissions.Grant{Action: "kms:Decrypt", Resource: n.kmsKey(header.Get(headerSSEKeyID))})
	}
	read := r.Method == http.MethodHead || r.Method == http.MethodGet
	if read && key != "" && status == http.StatusNotFound {
		out = append(out, permissions.Grant{Action: "s3:ListBucket", Resource: "arn:aws:s3:::" + n.bucket(bucket)})
	}
	return out
}

// service returns the signing name of a SigV4-signed request.
func service(r *http.Request) string {
	auth := r.Header.Get("Authorization")
	_, cred, ok := strings.Cut(auth, "Credential=")
	if !ok {
		return ""
	}
	cred, _, _ = strings.Cut(cred, ",")
	parts := strings.Split(cred, "/")
	if len(parts) != 5 {
		return ""
	}
	return parts[3]
}

func s3Path(r *http.Request) (bucket, key string) {
	bucket, key, _ = strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	return bucket, key
}

// s3Request maps a path-style S3 request to the IAM actions it needs.
func (n Names) s3Request(r *http.Request) []permissions.Grant {
	bucket, key := s3Path(r)
	if key == "" {
		return []permissions.Grant{unknown(r)}
	}
	q := r.URL.Query()
	q.Del("x-id") // the SDK's operation hint; the method and sub-resources decide
	object := n.object(bucket, key)
	grant := func(action string) permissions.Grant { return permissions.Grant{Action: action, Resource: object} }
	versioned := func(action string) permissions.Grant {
		if q.Has("versionId") {
			return grant(action + "Version")
		}
		return grant(action)
	}

	switch {
	case r.Method == http.MethodGet && len(q) <= 1 && (len(q) == 0 || q.Has("versionId")):
		return []permissions.Grant{versioned("s3:GetObject")}
	case r.Method == http.MethodHead && len(q) <= 1 && (len(q) == 0 || q.Has("versionId")):
		return []permissions.Grant{versioned("s3:GetObject")}
	case r.Method == http.MethodPut && len(q) == 0 && r.Header.Get("X-Amz-Copy-Source") == "":
		return append([]permissions.Grant{grant("s3:PutObject")}, n.encryptGrants(r, "kms:GenerateDataKey")...)
	case r.Method == http.MethodPut && q.Has("partNumber") && q.Has("uploadId"):
		return []permissions.Grant{grant("s3:PutObject")}
	case r.Method == http.MethodPost && q.Has("uploads"):
		return append([]permissions.Grant{grant("s3:PutObject")},
			n.encryptGrants(r, "kms:GenerateDataKey", "kms:Decrypt")...)
	case r.Method == http.MethodPost && q.Has("uploadId"):
		return []permissions.Grant{grant("s3:PutObject")}
	case r.Method == http.MethodDelete && q.Has("uploadId"):
		return []permissions.Grant{grant("s3:AbortMultipartUpload")}
	case r.Method == http.MethodDelete && (len(q) == 0 || q.Has("versionId")):
		return []permissions.Grant{versioned("s3:DeleteObject")}
	}
	return []permissions.Grant{unknown(r)}
}

// encryptGrants returns the KMS actions S3 performs for the caller when a
// request asks for SSE-KMS. A request that names no key would use the
// bucket's default key, which the recorder cannot see.
func (n Names) encryptGrants(r *http.Request, actions ...string) []permissions.Grant {
	if r.Header.Get(headerSSE) != "aws:kms" {
		return nil
	}
	key := n.kmsKey(r.Header.Get(headerSSEKeyID))
	var out []permissions.Grant
	for _, a := range actions {
		out = append(out, permissions.Grant{Action: a, Resource: key})
	}
	return out
}

// jsonRequest maps a JSON-protocol request to its action on the resource
// named by the body member idField.
func (n Names) jsonRequest(r *http.Request, body []byte, targetPrefix, actionPrefix, idField string) []permissions.Grant {
	op, ok := strings.CutPrefix(r.Header.Get("X-Amz-Target"), targetPrefix)
	if !ok {
		return []permissions.Grant{unknown(r)}
	}
	var fields map[string]any
	_ = json.NewDecoder(bytes.NewReader(body)).Decode(&fields)
	id, _ := fields[idField].(string)
	return []permissions.Grant{{Action: actionPrefix + op, Resource: n.arn(id)}}
}

func (n Names) object(bucket, key string) string {
	switch bucket {
	case n.InputBucket:
		return "arn:aws:s3:::${" + permissions.VarInputBucket + "}/*"
	case n.OutputBucket:
		prefix, _, _ := strings.Cut(key, "/")
		return "arn:aws:s3:::${" + permissions.VarOutputBucket + "}/" + prefix + "/*"
	}
	return "arn:aws:s3:::" + bucket + "/" + key
}

func (n Names) bucket(bucket string) string {
	switch bucket {
	case n.InputBucket:
		return "${" + permissions.VarInputBucket + "}"
	case n.OutputBucket:
		return "${" + permissions.VarOutputBucket + "}"
	}
	return bucket
}

func (n Names) kmsKey(id string) string {
	if id == n.DataKeyARN {
		return "${" + permissions.VarDataKeyARN + "}"
	}
	return "unnamed-kms-key:" + id
}

// arn returns the resource pattern of an ID. An operation that names no
// resource, such as secretsmanager:GetRandomPassword, has no resource-level
// permissions, and IAM grants it on "*".
func (n Names) arn(id string) string {
	switch id {
	case "":
		return "*"
	case n.SecretARN:
		return "${" + permissions.VarSecretARN + "}"
	case n.DataKeyARN:
		return "${" + permissions.VarDataKeyARN + "}"
	}
	return "unnamed:" + id
}

// unknown records a request the recorder cannot map, so that it shows in
// the golden file instead of passing unnoticed.
func unknown(r *http.Request) permissions.Grant {
	keys := make([]string, 0, len(r.URL.Query()))
	for k := range r.URL.Query() {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return permissions.Grant{Action: "unknown:" + r.Method + "?" + strings.Join(keys, "&"),
		Resource: (&url.URL{Path: r.URL.Path}).String()}
}
