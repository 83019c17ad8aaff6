"""The HR overview: the dashboard of a cycle and the lists (drill-downs) behind its figures."""
