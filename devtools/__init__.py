"""Helpers shared by the tests and the benchmarks: real servers on loopback ports, bulk
test content. Not part of the product (not packaged; product code never imports it)."""
