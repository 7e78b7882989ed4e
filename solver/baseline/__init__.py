"""The greedy baseline ("booking by hand"): a fixed first-fit order the bench compares against."""
