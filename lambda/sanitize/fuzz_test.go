package sanitize

import (
	"encoding/json"
	"testing"

	"github.com/securepipe/securepipe/lambda/fieldpolicy"
)

// FuzzJSONApply checks that whatever a record holds, a record that is not
// quarantined comes out as one valid JSON object whose members the policy
// names, each at most once.
func FuzzJSONApply(f *testing.F) {
	for _, seed := range []string{
		`{"customer_id":"c1","email":"a@b","name":"x","notes":"y","meta":{"k":[1,"}"]}}`,
		`{"customer_\u0069d":1,"email":"a\"b\\c","x":[{},[]]}`,
		` {"customer_id" : -1.5e3 , "email" : true } `,
		`{"customer_id":"c","email":null}`,
		`[1]`, `"s"`, `{}`, `{"a":`,
	} {
		f.Add([]byte(seed))
	}
	ds := testDataset(fieldpolicy.FormatJSONL)
	s := NewJSON(ds, testTokenizer(f))

	f.Fuzz(func(t *testing.T, rec []byte) {
		out, reason := s.Apply(nil, rec)
		if reason != "" {
			if len(out) != 0 {
				t.Fatalf("quarantined record wrote %q", out)
			}
			return
		}
		var members map[string]json.RawMessage
		if err := json.Unmarshal(out, &members); err != nil {
			t.Fatalf("output %q is not a JSON object: %v", out, err)
		}
		for name := range members {
			if a := ds.ActionFor(name); a == fieldpolicy.Drop {
				t.Fatalf("output %q carries field %q that the policy drops", out, name)
			}
		}
	})
}
