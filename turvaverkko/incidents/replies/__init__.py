"""Replies to alerts: the SMS reply grammar, recording SMS and link replies, the one-tap link
view. Inbound SMS reach recording through notify's signal (incidents/receivers.py)."""
