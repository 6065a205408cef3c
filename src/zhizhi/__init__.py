"""Zhizhi (智治): an open-source smart-governance platform for city and county governments."""

__version__ = "0.1.0"
