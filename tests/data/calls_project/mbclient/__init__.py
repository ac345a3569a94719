from mbclient.client import Client

__all__ = ["Client"]
