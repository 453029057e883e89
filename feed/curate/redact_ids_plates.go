// German licence plates, with a hyphen, with blanks beside a word for a
// vehicle, or in lower case after "Kennzeichen".

package curate

import (
	"strings"
)

// vehicleWords in a comment let a licence plate be written with blanks
// only: "Kennzeichen M AB 1234".
var vehicleWords = [...]string{
	"kennzeichen", "nummernschild", "kfz", "auto", "wagen", "fahrzeug", "pkw", "lkw",
	"transporter", "motorrad", "geparkt", "parkt", "car", "plate", "registration",
	"vehicle", "parked",
}

// notDistricts look like the district of a plate in "USB-C 3" but are none.
var notDistricts = map[string]bool{
	"USB": true, "LTE": true, "DVD": true, "CD": true, "PC": true, "TV": true, "ABS": true,
	"LED": true, "GPS": true, "PDF": true, "SMS": true, "ICE": true, "IC": true, "EC": true,
	"EU": true, "UK": true, "US": true, "HD": true, "SD": true, "DB": true, "DSL": true,
	"SIM": true, "PIN": true, "TAN": true, "NFC": true, "KFZ": true, "PKW": true, "LKW": true,
	"MP": true, "VW": true, "BMW": true, "UHD": true, "CPU": true, "RAM": true, "SSD": true,
	"HDD": true, "AI": true, "KI": true, "IT": true, "WC": true, "QR": true, "ID": true,
}

// plates appends German licence plates: "M-AB 1234", "HH-A 1", "B-XY
// 123E", and with blanks only ("M AB 1234") when the comment speaks of a
// vehicle: a district of 1 to 3 letters, 1 or 2 letters, 1 to 4 digits
// and an optional E (electric) or H (historic).
func plates(text string, spans []span) []span {
	vehicle := -1 // unknown
	for i := 0; i < len(text); i++ {
		if c := text[i]; (c < 'A' || c > 'Z') && c != 0xC3 || !isUpperPlate(text, i) || isWordRune(runeBefore(text, i)) {
			continue
		}
		end, hyphen := plateAt(text, i)
		if end == 0 {
			continue
		}
		if !hyphen {
			if vehicle < 0 {
				vehicle = 0
				lower := strings.ToLower(text)
				for _, w := range vehicleWords {
					if strings.Contains(lower, w) {
						vehicle = 1
						break
					}
				}
			}
			if vehicle == 0 {
				continue
			}
		}
		spans = append(spans, span{i, end, KindPlate})
		i = end - 1
	}
	return lowerPlates(text, spans)
}

// lowerPlates appends plates written in lower case right after a word
// that says what they are: "kennzeichen n-ok 771".
func lowerPlates(text string, spans []span) []span {
	var buf [16]byte
	for _, cue := range [...]string{"kennzeichen", "plate"} {
		for i := 0; i < len(text); {
			k := indexFold(text[i:], cue)
			if k < 0 {
				break
			}
			j := i + k + len(cue)
			i = j
			if j < len(text) && text[j] == ':' {
				j++
			}
			if j >= len(text) || text[j] != ' ' {
				continue
			}
			j++
			n := min(len(text)-j, len(buf))
			up := buf[:n]
			for x := range n {
				c := text[j+x]
				if 'a' <= c && c <= 'z' {
					c -= 'a' - 'A'
				}
				up[x] = c
			}
			if end, _ := plateAt(string(up), 0); end > 0 && !overlaps(spans, j, j+end) {
				spans = append(spans, span{j, j + end, KindPlate})
			}
		}
	}
	return spans
}

// indexFold is strings.Index ignoring ASCII case; sub is lower case.
func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i]|0x20 == sub[0] && strings.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

// isUpperPlate reports whether an upper-case letter of a district starts
// at i: A to Z, Ä, Ö, Ü.
func isUpperPlate(text string, i int) bool {
	return plateLetter(text, i) > 0
}

// plateLetter returns the length of the district letter at i, or 0.
func plateLetter(text string, i int) int {
	if i >= len(text) {
		return 0
	}
	if c := text[i]; 'A' <= c && c <= 'Z' {
		return 1
	}
	for _, u := range [...]string{"Ä", "Ö", "Ü"} {
		if strings.HasPrefix(text[i:], u) {
			return len(u)
		}
	}
	return 0
}

// plateAt returns the end of the plate at i, or 0, and whether it is
// written with a hyphen.
func plateAt(text string, i int) (int, bool) {
	j, n := i, 0
	for n < 4 {
		l := plateLetter(text, j)
		if l == 0 {
			break
		}
		j += l
		n++
	}
	if n == 0 || n > 3 || j >= len(text) || notDistricts[text[i:j]] {
		return 0, false
	}
	hyphen := text[j] == '-'
	if !hyphen && text[j] != ' ' {
		return 0, false
	}
	j++
	k := j
	for k < len(text) && 'A' <= text[k] && text[k] <= 'Z' && k-j < 3 {
		k++
	}
	if k-j < 1 || k-j > 2 {
		return 0, false
	}
	j = k
	if j < len(text) && text[j] == ' ' {
		j++
	} else if !hyphen {
		return 0, false
	}
	d := runOf(text, j, isDigit)
	if d < 1 || d > 4 || text[j] == '0' {
		return 0, false
	}
	j += d
	if j < len(text) && (text[j] == 'E' || text[j] == 'H') {
		j++
	}
	if isWordRuneAt(text, j) || j+1 < len(text) && strings.IndexByte(".,:/-", text[j]) >= 0 && isAlnum(text[j+1]) {
		return 0, false
	}
	return j, hyphen
}
