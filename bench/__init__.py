"""Benchmarks of Antrian, each a script printing one JSON object (see README, "Benchmarks").

The package holds what the scripts share: :mod:`bench.stats` (one definition of a
percentile for every figure) and :mod:`bench.queueops` (the parts of ``queue_ops.py``).
"""
