"""gRPC stubs generated from Ferry's protos when the package is built (see setup.py)."""
