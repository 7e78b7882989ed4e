"""What the start page and the reports count."""
