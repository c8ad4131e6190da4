"""Benchmarks: each module measures one thing in one run and writes its section of bench/RESULTS.md.

Run them all with ``make bench`` (``.venv/bin/python -m bench``).  Timings are
never asserted in tests; ``tests/test_bench_corpus.py`` only proves the
synthetic corpus still passes ``pathway check`` so the benchmarks cannot rot.
"""
