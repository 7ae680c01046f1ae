package e2e

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"strings"
	"testing"

	"github.com/securepipe/securepipe/lambda/pseudonym"
)

// Small inputs whose outputs are compared with files under
// testdata/outputs.

const adaJSONL = `{"customer_id":"c-001","email":"ada@example.com","phone":"+44 20 7946 0001","ssn":"111-22-3333","name":"Ada Lovelace","notes":"met at expo","country":"GB","extra":"x"}
{"customer_id":"c-002","email":"grace@example.com","phone":null,"ssn":"","name":"Grace Hopper","country":"US"}
this line is not json
{"email":"nobody@example.com","name":"No Id"}

{"customer_id":"c-005","notes":"` + "%s" + `"}
{"customer_id":"c-006","email":"ada@example.com","email":"dup@example.com"}
{"customer_id":"c-007","email":{"nested":"ada@example.com"}}
{"customer_id":"c-008","email":"ada@example.com","country":"FR"}
`

func adaInput() []byte {
	return []byte(fmt.Sprintf(adaJSONL, strings.Repeat("x", 600)))
}

const batchJSONL = `{"customer_id":"c-101","email":"alan@example.com","phone":"+1 555 0101","country":"GB"}
{"customer_id":"c-102","email":"Alan@Example.com","ssn":"222-33-4444","name":"Alan T"}
{"customer_id":"c-103","email":"alan@example.com","note":"unnamed fields never pass"}
`

const ordersCSV = "order_id,email,total,card,internal_note\r\n" +
	"o-1,ada@example.com,10.00,4111111111111111,ok\r\n" +
	"o-2,\"grace@example.com\",20.50,5500000000000004,\"has, comma\"\r\n" +
	",missing@example.com,1.00,4000,x\r\n" +
	"o-4,\"multi\nline@example.com\",3.00,4000,y\r\n" +
	"o-5,too,few\r\n" +
	"o-6,bad\"quote,1,2,3\r\n"

const moreCSV = "order_id,email,total\no-9,zoe@example.com,9.99\n"

const rotationJSONL = `{"customer_id":"c-201","email":"ada@example.com"}
`

// gzipped compresses b.
func gzipped(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	_, err := w.Write(b)
	must(t, err, "gzip")
	must(t, w.Close(), "gzip")
	return buf.Bytes()
}

// largeInput returns n generated customer records and the output the
// function must produce for them under tok.
func largeInput(n int, tok *pseudonym.Tokenizer) (in, want []byte) {
	var ib, wb bytes.Buffer
	for i := range n {
		email := fmt.Sprintf("user%07d@example.com", i)
		phone := fmt.Sprintf("+1-555-%07d", i)
		ssn := fmt.Sprintf("%03d-%02d-%04d", i%1000, i%100, i%10000)
		fmt.Fprintf(&ib, `{"customer_id":"c-%07d","email":%q,"phone":%q,"ssn":%q,"name":"Name %d","notes":"n","country":"US"}`+"\n",
			i, email, phone, ssn, i)
		fmt.Fprintf(&wb, `{"customer_id":"c-%07d","email":%q,"phone":%q,"ssn":%q,"name":"[redacted]","country":"US"}`+"\n",
			i, tok.Token(email), tok.Token(phone), tok.Token(ssn))
	}
	return ib.Bytes(), wb.Bytes()
}

// badLines returns n lines that are not JSON.
func badLines(n int) []byte {
	var b bytes.Buffer
	for i := range n {
		fmt.Fprintf(&b, "not a record %07d %s\n", i, strings.Repeat("-", 80))
	}
	return b.Bytes()
}

// truncated cuts b to the given fraction.
func truncated(b []byte, fraction float64) []byte {
	return b[:int(float64(len(b))*fraction)]
}
