"""kg: knowledge graphs of industrial ecosystems from French and English news."""

__version__ = "0.1.0"
