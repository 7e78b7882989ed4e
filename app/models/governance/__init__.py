"""How the service is governed: the audit log, managers' agreements, and the authority's local
practice in dated versions."""
