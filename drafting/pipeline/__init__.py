"""The one pipeline every door calls: read → check → render → document → layout → write (stages.py), and fitting."""
