"""The generated package's runtime, as ordinary modules: generation copies every module here
except this one into the package (`metabase_client/errors.py`, `_transport.py`, ...), so they
import each other relatively and nothing in them is specific to one Metabase release."""
