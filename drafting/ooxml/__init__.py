"""The only place that writes or reads WordprocessingML: names, property order, styles, body, parts, package, reader."""
