"""Comment threads: what people ask of them, and the anchors that find a quoted phrase again on
another version."""
