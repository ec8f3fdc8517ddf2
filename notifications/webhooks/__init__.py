"""Outbound webhooks: organisers' URLs told, signed, of what the site publishes.

``rules`` holds the pure parts (signature, back-off, Discord message, address
checks), ``services`` the writes (register, announce, deliver), ``transport``
the one HTTP post, ``selectors`` the reads.
"""
