"""The home feed: what is new for a member (their clusters, their subscriptions) or a visitor."""
