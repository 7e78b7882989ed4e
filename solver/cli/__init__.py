"""The command line, `python -m solver solve|check|generate|bench`: one module per subcommand."""
