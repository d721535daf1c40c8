"""edzkg.server: the SPARQL endpoint, linked-data pages and query UI over a built store."""
