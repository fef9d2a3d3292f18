"""Meeting-room availability helpers."""
