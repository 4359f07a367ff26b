"""What the client tells the master about itself on every call (ClientCredentials of the Java
client): its OS user (what SIMPLE authentication believes) and its token when it has one (TOKEN).
The master decides which counts; with MTLS the channel's client certificate does."""
import getpass

import grpc


def os_user() -> str:
    """This process's OS user ("" when it has no name)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


class Credentials(grpc.UnaryUnaryClientInterceptor, grpc.UnaryStreamClientInterceptor,
                  grpc.StreamUnaryClientInterceptor, grpc.StreamStreamClientInterceptor):
    def __init__(self, metadata: tuple):
        self._metadata = metadata

    @staticmethod
    def of(config) -> "Credentials":
        user = os_user()
        return Credentials(tuple(([("ferry-user", user)] if user else [])
                                 + ([("ferry-token", config.token)] if config.token else [])))

    def _with_metadata(self, details):
        return details._replace(metadata=tuple(details.metadata or ()) + self._metadata)

    def intercept_unary_unary(self, continuation, details, request):
        return continuation(self._with_metadata(details), request)

    def intercept_unary_stream(self, continuation, details, request):
        return continuation(self._with_metadata(details), request)

    def intercept_stream_unary(self, continuation, details, requests):
        return continuation(self._with_metadata(details), requests)

    def intercept_stream_stream(self, continuation, details, requests):
        return continuation(self._with_metadata(details), requests)
