"""What the demo holds: the facts of the five seed meetings, as data, one module per concern.

The loaders beside this package turn these declarations into rows. Names, ranks,
positions, dates, places and topics come from the reports in the project's seeds; where
they are silent the choice is said in a comment beside it.
"""
