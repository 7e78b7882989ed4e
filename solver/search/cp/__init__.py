"""CP-SAT neighbourhoods: a model of the meetings a neighbourhood frees (`model`, on the shared
pieces in `base`), with each chair's day routed between localities (`travel`)."""
