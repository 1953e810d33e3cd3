"""What analysts look at: the run report, the evidence viewer and the generated data dictionary.

Everything here reads published tables (``extract.store``'s current version) and rule
files; nothing here runs the extractors. Page text is untrusted: every template escapes it
(Jinja2 autoescape), and the pages carry a Content-Security-Policy that lets only their own
script run.
"""
