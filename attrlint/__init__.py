"""attrlint: explains a Genesys Cloud Platform API 400 before the request is sent."""

__version__ = "0.1.0"
