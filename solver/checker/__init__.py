"""The independent checker: judges a solution against its instance from the exchange format alone
(hard rules, score, and whether the solution's own claim is right)."""
