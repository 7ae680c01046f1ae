package spec

import (
	"fmt"
	"slices"
	"strings"
)

func (v *validator) processing(p Processing) Processing {
	p.MaxRecordBytes = or(p.MaxRecordBytes, DefaultMaxRecordBytes)
	v.between("processing.maxRecordBytes", p.MaxRecordBytes, 1024, 16<<20)
	if len(p.Datasets) == 0 {
		v.add("processing.datasets", "no datasets; describe at least one, or the processor quarantines everything")
	}
	names := map[string]bool{}
	for i, d := range p.Datasets {
		path := fmt.Sprintf("processing.datasets.%d", i)
		v.dataset(path, d)
		if names[d.Name] {
			v.add(path+".name", "dataset %q is named twice; names must be unique", d.Name)
		}
		names[d.Name] = true
		for j, other := range p.Datasets[:i] {
			if d.Prefix != "" && other.Prefix != "" &&
				(strings.HasPrefix(d.Prefix, other.Prefix) || strings.HasPrefix(other.Prefix, d.Prefix)) {
				v.add(path+".prefix", "%q overlaps dataset %d's %q; an object must match one dataset only", d.Prefix, j, other.Prefix)
			}
		}
	}
	return p
}

func (v *validator) dataset(path string, d Dataset) {
	if !datasetPattern.MatchString(d.Name) {
		v.add(path+".name", "%q is not a valid dataset name; use lowercase letters, digits, - and _", d.Name)
	}
	if !prefixPattern.MatchString(d.Prefix) {
		v.add(path+".prefix", "%q is not a key prefix; write one ending in /, such as customers/", d.Prefix)
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
	if slices.Contains(d.Required, "") {
		v.add(path+".required", "an empty field name; remove it")
	}
}
