"""PDF documents of the sales area, one module each (WeasyPrint via karya.core.documents)."""
