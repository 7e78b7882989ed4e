"""The benchmark: Quorum's solver against the greedy baseline, every plan judged by the checker."""
