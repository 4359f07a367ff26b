package io.ferry.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.io.InputStream;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The headers a client states itself in, acting for itself or for a local user (a FUSE mount). */
class ClientCredentialsTest {
  private static final MethodDescriptor<Object, Object> METHOD = MethodDescriptor.newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("test/Call")
      .setRequestMarshaller(new NoMarshaller()).setResponseMarshaller(new NoMarshaller()).build();

  @Test
  void aClientStatesItsOwnUser() {
    Metadata headers = sent(new ClientCredentials("mount", Optional.empty()));

    assertThat(headers.get(SecurityHeaders.USER)).isEqualTo("mount");
    assertThat(headers.keys()).containsExactly(SecurityHeaders.USER.name());
  }

  @Test
  void withoutATokenTheUserActedForIsTheStatedUserAndTheOneAskedToActAs() {
    Metadata headers;
    try (ActingUser.Scope asAlice = ActingUser.enter("alice")) {
      headers = sent(new ClientCredentials("mount", Optional.empty()));
    }

    assertThat(headers.get(SecurityHeaders.USER)).isEqualTo("alice");
    assertThat(headers.get(SecurityHeaders.ACT_AS)).as("for MTLS, whose certificate names the mount's user")
        .isEqualTo("alice");
    assertThat(headers.keys()).containsExactlyInAnyOrder(SecurityHeaders.USER.name(), SecurityHeaders.ACT_AS.name());
  }

  @Test
  void aTokensHolderAsksToActAsTheUserItActsFor() {
    Metadata headers;
    try (ActingUser.Scope asAlice = ActingUser.enter("alice")) {
      headers = sent(new ClientCredentials("mount", Optional.of("TOKEN")));
    }

    assertThat(headers.get(SecurityHeaders.TOKEN)).isEqualTo("TOKEN");
    assertThat(headers.get(SecurityHeaders.ACT_AS)).isEqualTo("alice");
  }

  @Test
  void aTokensHolderActingForNoOneAsksNothingMore() {
    assertThat(sent(new ClientCredentials("mount", Optional.of("TOKEN"))).get(SecurityHeaders.ACT_AS)).isNull();
  }

  @Test
  void leavingTheScopeEndsActingForTheUser() {
    try (ActingUser.Scope asAlice = ActingUser.enter("alice")) {
      assertThat(ActingUser.current()).contains("alice");
    }

    assertThat(ActingUser.current()).isEmpty();
  }

  /** The headers a call through {@code credentials} starts with. */
  private static Metadata sent(ClientCredentials credentials) {
    HeaderChannel channel = new HeaderChannel();
    credentials.interceptCall(METHOD, CallOptions.DEFAULT, channel).start(new ClientCall.Listener<>() {}, new Metadata());
    return channel.headers;
  }

  /** A channel whose calls only keep the headers they are started with. */
  private static final class HeaderChannel extends Channel {
    private Metadata headers;

    @Override
    public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
      return new ClientCall<>() {
        @Override
        public void start(Listener<R> listener, Metadata started) {
          headers = started;
        }

        @Override
        public void request(int n) {}

        @Override
        public void cancel(String message, Throwable cause) {}

        @Override
        public void halfClose() {}

        @Override
        public void sendMessage(Q message) {}
      };
    }

    @Override
    public String authority() {
      return "test";
    }
  }

  private static final class NoMarshaller implements MethodDescriptor.Marshaller<Object> {
    @Override
    public InputStream stream(Object value) {
      return InputStream.nullInputStream();
    }

    @Override
    public Object parse(InputStream stream) {
      return null;
    }
  }
}
