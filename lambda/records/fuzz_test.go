package records

import (
	"bytes"
	"encoding/csv"
	"testing"
)

// FuzzSplitCSV checks the splitter against encoding/csv on single-line
// records: both accept the same records and find the same fields.
func FuzzSplitCSV(f *testing.F) {
	for _, seed := range []string{`a,b,c`, `"a,b",c`, `"say ""hi""",x`, `a"b`, `"a"b`, `"abc`, `,,`, ``} {
		f.Add(seed)
	}
	var s CSVSplitter
	f.Fuzz(func(t *testing.T, rec string) {
		if bytes.ContainsAny([]byte(rec), "\r\n") || rec == "" {
			return
		}
		r := csv.NewReader(bytes.NewReader([]byte(rec)))
		r.FieldsPerRecord = -1
		want, wantErr := r.Read()

		got, err := s.Split([]byte(rec))
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("record %q: split error %v, encoding/csv error %v", rec, err, wantErr)
		}
		if err != nil {
			return
		}
		if len(got) != len(want) {
			t.Fatalf("record %q: %d fields, encoding/csv finds %d", rec, len(got), len(want))
		}
		for i := range got {
			if string(got[i]) != want[i] {
				t.Fatalf("record %q field %d: %q, encoding/csv %q", rec, i, got[i], want[i])
			}
		}
	})
}
