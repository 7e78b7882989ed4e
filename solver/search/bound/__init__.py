"""The proved lower bound on the score: each meeting's cheapest conceivable booking
(`lower_bound`), and a linear relaxation where the instance is small enough (`lp`), both built
on the costs no booking can avoid (`least_cost`)."""
