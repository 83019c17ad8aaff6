"""A generated organisation of any size, for the page benchmarks, load tests and `pop bench`.

It lives in the package so that the installed `pop bench generate` needs no source checkout;
`benchmarks/` in the repository imports it for its timings and load runs.
"""
