"""Helpers that make real HAR producers (Chromium through Playwright, mitmproxy) record traffic
to a loopback server, for tests/test_har_producers.py."""
