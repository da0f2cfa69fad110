"""The data layer: the descriptor's schemas, reading and checking CSV tables, the loaders and the codebook."""
