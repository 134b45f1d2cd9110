"""Selling pages, one module per job. Views authorise, parse a form, call one service,
render."""
