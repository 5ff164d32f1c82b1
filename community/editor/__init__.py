"""What every Markdown editor of the site shares: the server-rendered preview and the list of
members an `@mention` may name in a given place (JSON routes in `api.py`)."""
