"""The register as a dataset: its licences, its version and how to cite it, the log of its changes, its loading.

See README.md beside this file.
"""
