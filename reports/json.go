package reports

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/authconform/authconform/conformance"
)

// ErrNotResults means the JSON read is not a results document.
var ErrNotResults = errors.New("reports: not an authconform results document (no \"version\")")

// WriteJSON writes the results as indented JSON, Version set.
func WriteJSON(w io.Writer, res Results) error {
	res.Version = Version
	// Lists are arrays, never null, so jq and friends need no guards.
	res.Records = append([]Record{}, res.Records...)
	for i := range res.Records {
		if res.Records[i].Verdicts == nil {
			res.Records[i].Verdicts = []conformance.Verdict{}
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(res); err != nil {
		return fmt.Errorf("reports: writing results: %w", err)
	}
	return nil
}

// ReadJSON reads a results document. It refuses a document of another
// Version, and one with no version at all (ErrNotResults); fields it does
// not know are ignored.
func ReadJSON(r io.Reader) (Results, error) {
	var res Results
	if err := json.NewDecoder(r).Decode(&res); err != nil {
		return Results{}, fmt.Errorf("reports: reading results: %w", err)
	}
	switch {
	case res.Version == 0:
		return Results{}, ErrNotResults
	case res.Version != Version:
		return Results{}, fmt.Errorf("reports: results version %d; this tool reads version %d (rebuild the tool and the suite from one commit)", res.Version, Version)
	}
	return res, nil
}
