"""veille — conflict early warning and response for West Africa's coastal states."""

__version__ = "0.1.0"
