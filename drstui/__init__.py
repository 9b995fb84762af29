"""drstui: terminal UI, notebook toolkit and Excel exporter for Huawei Cloud DRS."""

__version__ = "0.1.0"
