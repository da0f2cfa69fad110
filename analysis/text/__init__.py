"""What a reader sees as text: number formatting and source citations."""
