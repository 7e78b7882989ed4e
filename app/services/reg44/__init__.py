"""Regulation 44 visits: homes and their visitors (`homes`), when each visit falls due and the
month-by-month tracker (`schedule`, `tracker`), recording visits and reports (`tracker`), the
visitor's private booking (`booking`), and visits at risk (`at_risk`)."""
