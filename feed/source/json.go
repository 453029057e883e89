package source

import (
	"encoding/json"
	"errors"
	"fmt"
)

// FieldError names the element of a tool's document that could not be
// read, by its path in the document (reviews[2].comments[0].userComment).
type FieldError struct {
	Path   string
	Reason string
}

func (e *FieldError) Error() string { return e.Path + ": " + e.Reason }

// JSONError describes err, from decoding the JSON of a tool's document
// (called doc in the message: "the feed", "the API"). A value of the wrong
// type is a *FieldError whose path is that of the field below prefix, the
// path of what was decoded ("" for the whole document); "(response)" where
// both are empty. Bad syntax is reported with its byte offset.
func JSONError(err error, prefix, doc string) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		path := te.Field
		switch {
		case prefix != "" && path != "":
			path = prefix + "." + path
		case prefix != "":
			path = prefix
		case path == "":
			path = "(response)"
		}
		return &FieldError{Path: path, Reason: fmt.Sprintf("a JSON %s where %s has %s", te.Value, doc, te.Type)}
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("invalid JSON at byte %d: %w", se.Offset, err)
	}
	return fmt.Errorf("invalid JSON: %w", err)
}
