package curate

// identifiers appends customer, order, contract, invoice and ticket
// numbers, postal addresses, dates of birth, IP addresses, licence plates,
// tax and social-insurance numbers, and spelled-out contact data.
//
// In progress (issue 12): finds nothing yet.
func identifiers(text string, spans []span) []span { return spans }
