package xdisplay_test

import (
	"errors"
	"testing"

	"github.com/cxtv/cxtv/display/xdisplay"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		display string
		wantErr bool
	}{
		{"", true},
		{":4711", true}, // no such server
		{"remote.example:0", false},
	}
	for _, tt := range tests {
		t.Setenv("DISPLAY", tt.display)
		err := xdisplay.Check()
		if (err != nil) != tt.wantErr {
			t.Errorf("Check() with DISPLAY=%q = %v, want error %v", tt.display, err, tt.wantErr)
		}
		if tt.display == "" && !errors.Is(err, xdisplay.ErrNoDisplay) {
			t.Errorf("Check() with DISPLAY unset = %v, want ErrNoDisplay", err)
		}
	}
}
