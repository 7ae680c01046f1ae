package spec

import (
	"fmt"
	"strings"
)

func (v *validator) processing(p Processing) Processing {
	v.between("processing.maxRecordBytes", p.MaxRecordBytes, 1024, 16<<20)
	p.MaxRecordBytes = or(p.MaxRecordBytes, DefaultMaxRecordBytes)
	if len(p.Datasets) == 0 {
		v.add("processing.datasets", "no datasets; describe at least one, or the processor quarantines everything")
	}
	names := map[string]int{}
	for i, d := range p.Datasets {
		path := fmt.Sprintf("processing.datasets.%d", i)
		v.dataset(path, d)
		if first, ok := names[d.Name]; ok && d.Name != "" {
			v.add(path+".name", "%q is already the name of the dataset at line %d; give each dataset a name of its own",
				d.Name, v.pos.line(fmt.Sprintf("processing.datasets.%d.name", first)))
		} else {
			names[d.Name] = i
		}
		for j, other := range p.Datasets[:i] {
			if d.Prefix != "" && other.Prefix != "" &&
				(strings.HasPrefix(d.Prefix, other.Prefix) || strings.HasPrefix(other.Prefix, d.Prefix)) {
				v.add(path+".prefix", "%q overlaps %q of dataset %s; give each dataset a prefix that is not the start of another's", d.Prefix, other.Prefix, datasetName(other, j))
			}
		}
	}
	return p
}

func (v *validator) dataset(path string, d Dataset) {
	switch {
	case d.Name == "":
		v.add(path+".name", "missing; name the dataset, such as customers")
	case !datasetPattern.MatchString(d.Name):
		v.add(path+".name", "%q is not a valid dataset name; use lowercase letters, digits, - and _, starting with a letter", d.Name)
	}
	switch {
	case d.Prefix == "":
		v.add(path+".prefix", "missing; give the key prefix of the dataset's objects, such as customers/")
	case !strings.HasSuffix(d.Prefix, "/"):
		v.add(path+".prefix", "%q does not end in /; write %s/", d.Prefix, d.Prefix)
	case !prefixPattern.MatchString(d.Prefix):
		v.add(path+".prefix", "%q is not a key prefix; use letters, digits and ! _ . * ' ( ) - /, ending in /, such as customers/", d.Prefix)
	}
	if d.Format == "" {
		v.add(path+".format", "missing; write jsonl or csv")
	} else {
		v.oneOf(path+".format", d.Format, Formats)
	}
	if len(d.Fields) == 0 {
		v.add(path+".fields", "no fields; list each field with keep, pseudonymise, redact or drop")
	}
	for _, name := range sortedKeys(d.Fields) {
		v.oneOf(path+".fields."+name, d.Fields[name], Actions)
	}
	for i, r := range d.Required {
		action, ok := d.Fields[r]
		switch {
		case !ok:
			v.add(fmt.Sprintf("%s.required.%d", path, i), "%q is required but not in fields; add it to fields", r)
		case action == "drop":
			v.add(fmt.Sprintf("%s.required.%d", path, i), "%q is required but dropped; keep, pseudonymise or redact it", r)
		}
	}
}

// datasetName names a dataset for a message, by its name when it has one.
func datasetName(d Dataset, i int) string {
	if d.Name != "" {
		return d.Name
	}
	return fmt.Sprintf("#%d", i+1)
}
