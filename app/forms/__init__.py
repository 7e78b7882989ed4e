"""WTForms classes rendered with GOV.UK Frontend widgets, one module per area."""
