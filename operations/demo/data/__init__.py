"""The demo's facts as declarations, by concern; the loaders beside this package make rows."""
