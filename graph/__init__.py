"""edzkg.graph: the pipeline from Chinese news text to an RDF graph in an Oxigraph store."""

__version__ = "0.1.0"
