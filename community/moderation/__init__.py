"""Moderation: reports filed by members on posts, chat messages and profiles."""
