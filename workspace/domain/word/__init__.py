"""Word files (.docx) read as Accord needs them: the package opened safely, styles, paragraphs with
their tracked changes and comments, what a file asks as amendments and threads, and a version file
(Markdown or Word) matched to the working draft."""
