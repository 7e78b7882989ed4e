"""What managers oversee: the agreements waiting for them, the audit log, the service's figures
and the authority's local practice."""
