package e2e

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/securepipe/securepipe/lambda/permissions"
)

var testNames = Names{
	InputBucket: "in", OutputBucket: "out",
	SecretARN:  "arn:aws:secretsmanager:us-east-1:123456789012:secret:s-AbCdEf",
	DataKeyARN: "arn:aws:kms:us-east-1:123456789012:key/k1",
}

func g(action, resource string) permissions.Grant {
	return permissions.Grant{Action: action, Resource: resource}
}

func signed(method, target, service string, header map[string]string) *http.Request {
	r := httptest.NewRequest(method, target, strings.NewReader(""))
	r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/"+service+
		"/aws4_request, SignedHeaders=host, Signature=00")
	for k, v := range header {
		r.Header.Set(k, v)
	}
	return r
}

func TestRequestGrants(t *testing.T) {
	kmsHeaders := map[string]string{headerSSE: "aws:kms", headerSSEKeyID: testNames.DataKeyARN}
	tests := []struct {
		name string
		req  *http.Request
		body string
		want []permissions.Grant
	}{
		{name: "get object version", req: signed("GET", "/in/a/b.jsonl?versionId=v1&x-id=GetObject", "s3", nil),
			want: []permissions.Grant{g("s3:GetObjectVersion", "arn:aws:s3:::${InputBucket}/*")}},
		{name: "head manifest", req: signed("HEAD", "/out/manifests/a/v1.json", "s3", nil),
			want: []permissions.Grant{g("s3:GetObject", "arn:aws:s3:::${OutputBucket}/manifests/*")}},
		{name: "put with SSE-KMS", req: signed("PUT", "/out/processed/a?x-id=PutObject", "s3", kmsHeaders),
			want: []permissions.Grant{g("s3:PutObject", "arn:aws:s3:::${OutputBucket}/processed/*"),
				g("kms:GenerateDataKey", "${DataKeyArn}")}},
		{name: "create multipart upload", req: signed("POST", "/out/processed/a?uploads", "s3", kmsHeaders),
			want: []permissions.Grant{g("s3:PutObject", "arn:aws:s3:::${OutputBucket}/processed/*"),
				g("kms:GenerateDataKey", "${DataKeyArn}"), g("kms:Decrypt", "${DataKeyArn}")}},
		{name: "upload part", req: signed("PUT", "/out/processed/a?partNumber=1&uploadId=u", "s3", nil),
			want: []permissions.Grant{g("s3:PutObject", "arn:aws:s3:::${OutputBucket}/processed/*")}},
		{name: "complete", req: signed("POST", "/out/processed/a?uploadId=u", "s3", nil),
			want: []permissions.Grant{g("s3:PutObject", "arn:aws:s3:::${OutputBucket}/processed/*")}},
		{name: "abort", req: signed("DELETE", "/out/quarantine/a?uploadId=u", "s3", nil),
			want: []permissions.Grant{g("s3:AbortMultipartUpload", "arn:aws:s3:::${OutputBucket}/quarantine/*")}},
		{name: "copy is not mapped", req: signed("PUT", "/out/processed/a", "s3",
			map[string]string{"X-Amz-Copy-Source": "in/x"}),
			want: []permissions.Grant{g("unknown:PUT?", "/out/processed/a")}},
		{name: "secret", req: signed("POST", "/", "secretsmanager",
			map[string]string{"X-Amz-Target": "secretsmanager.GetSecretValue"}),
			body: `{"SecretId":"` + testNames.SecretARN + `"}`,
			want: []permissions.Grant{g("secretsmanager:GetSecretValue", "${SecretArn}")}},
		{name: "other secret", req: signed("POST", "/", "secretsmanager",
			map[string]string{"X-Amz-Target": "secretsmanager.GetSecretValue"}),
			body: `{"SecretId":"other"}`,
			want: []permissions.Grant{g("secretsmanager:GetSecretValue", "unnamed:other")}},
		{name: "no resource", req: signed("POST", "/", "secretsmanager",
			map[string]string{"X-Amz-Target": "secretsmanager.GetRandomPassword"}),
			body: `{"PasswordLength":64}`,
			want: []permissions.Grant{g("secretsmanager:GetRandomPassword", "*")}},
		{name: "kms", req: signed("POST", "/", "kms", map[string]string{"X-Amz-Target": "TrentService.Decrypt"}),
			body: `{"KeyId":"` + testNames.DataKeyARN + `"}`,
			want: []permissions.Grant{g("kms:Decrypt", "${DataKeyArn}")}},
		{name: "unsigned", req: httptest.NewRequest("GET", "/in/a", nil),
			want: []permissions.Grant{g("unknown:GET?", "/in/a")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, testNames.requestGrants(tt.req, []byte(tt.body)))
		})
	}
}

func TestResponseGrants(t *testing.T) {
	tests := []struct {
		name   string
		req    *http.Request
		status int
		header map[string]string
		want   []permissions.Grant
	}{
		{name: "read of an SSE-KMS object", req: signed("GET", "/in/a?versionId=v", "s3", nil), status: 200,
			header: map[string]string{headerSSE: "aws:kms", headerSSEKeyID: testNames.DataKeyARN},
			want:   []permissions.Grant{g("kms:Decrypt", "${DataKeyArn}")}},
		{name: "head needs no decrypt", req: signed("HEAD", "/in/a", "s3", nil), status: 200,
			header: map[string]string{headerSSE: "aws:kms", headerSSEKeyID: testNames.DataKeyARN}},
		{name: "missing manifest", req: signed("HEAD", "/out/manifests/a", "s3", nil), status: 404,
			want: []permissions.Grant{g("s3:ListBucket", "arn:aws:s3:::${OutputBucket}")}},
		{name: "written object", req: signed("PUT", "/out/processed/a", "s3", nil), status: 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			for k, v := range tt.header {
				h.Set(k, v)
			}
			assert.Equal(t, tt.want, testNames.responseGrants(tt.req, tt.status, h))
		})
	}
}
