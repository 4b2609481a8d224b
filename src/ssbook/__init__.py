"""Shared machinery of the Solid-State Battery Industrialisation Tracker."""

__version__ = "0.1.0"
