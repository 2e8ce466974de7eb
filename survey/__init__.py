"""The survey screen: a small touchscreen facing the visitor at a counter, asking the
satisfaction survey (SKM) when that counter finishes a visit (``antrian survey --counter N``)."""
