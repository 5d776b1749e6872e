"""Python client for the Vonage Business Telephony API v3."""
