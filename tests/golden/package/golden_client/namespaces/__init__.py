"""One module per API namespace, each imported on first use of `client.<namespace>`."""
