"""What invited people say through the private link in their invite: replies, apologies and
reports (links: the link and who it opens for; answers: replies and uploads; status: what the
meeting page and the API show per person)."""
