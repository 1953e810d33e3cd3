"""Pure normalizers: strings in, normalized values out. They never see spaCy objects."""
