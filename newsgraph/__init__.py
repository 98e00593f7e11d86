"""newsgraph: news articles -> a sourced knowledge graph.

Public API: `extract_graph` / `process_batch` (pipeline), `read_inputs` (ingest),
`load_pipeline` (nlp), and the record types of `newsgraph.model`.
"""

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["__version__"]
