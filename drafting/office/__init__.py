"""LibreOffice as drafting uses it: finding it, its environment, one-shot and resident converters, one holder."""
