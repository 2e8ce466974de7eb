"""The counter app: officers at a counter (*loket*) call, serve and send on visitors.

``python -m counter`` (or ``antrian counter``) starts it; see :mod:`counter.app`.
"""
