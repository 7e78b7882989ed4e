"""Bringing a council's spreadsheets into Quorum: chairs, rooms, leave and closures, people,
cases with their parties.

Each kind (`registry.KINDS`) names its columns and checks a row into the values it would store,
matched to what Quorum holds by a natural key (a chair's or a person's email, a room's name in
its locality, a case's reference), so that importing the same file twice changes nothing.
`batches` previews a file (added, changed, unchanged, and every bad row) and saves it all or
nothing in one transaction; `staging` keeps the uploaded file between the preview and the
confirmation; `templates` writes the file to fill in.
"""
