"""The computations: pure functions from validated tables to numbers, tables and readings."""
