"""The parts of ``bench/queue_ops.py``, the benchmark of ``issue_ticket`` and ``call_next``.

Read them in the order the benchmark runs them:

- :mod:`.common` - goals, counters, progress lines, the clock shifted to 10:00 site time;
- :mod:`.scratch` - the scratch databases and the sample site set up in each;
- :mod:`.ledger` - what each caller was handed, and the anomaly check against the database;
- :mod:`.latency` - the raw durable commit (the floor), the two operations in turns, fresh starts;
- :mod:`.plans` - the query plan of every statement, flagging any that walks the history;
- :mod:`.history` - the bulk-loaded past tickets, and waiting for the write-back to settle;
- :mod:`.throughput` - several processes at once;
- :mod:`.report` - the machine, the code measured, the goals.

``bench/queue_ops.py`` holds the command line and the run that puts the parts together.
"""
