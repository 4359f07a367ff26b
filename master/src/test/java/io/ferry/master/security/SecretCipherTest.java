package io.ferry.master.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SecretCipherTest {
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  private final SecretCipher cipher = new SecretCipher(key(1));

  private static byte[] key(int fill) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) fill);
    return key;
  }

  @Test
  void aSealedValueOpensUnderItsContext() {
    assertThat(cipher.open("s3.secret-key", cipher.seal("s3.secret-key", SECRET))).contains(SECRET);
  }

  @Test
  void theSealedBytesDoNotHoldTheValue() {
    String sealed = new String(cipher.seal("s3.secret-key", SECRET), StandardCharsets.ISO_8859_1);

    assertThat(sealed).doesNotContain(SECRET).doesNotContain(SECRET.substring(0, 8));
  }

  @Test
  void sealingTwiceGivesDifferentBytes() {
    assertThat(cipher.seal("k", SECRET)).isNotEqualTo(cipher.seal("k", SECRET));
  }

  @Test
  void aValueDoesNotOpenUnderAnotherContext() {
    assertThat(cipher.open("azure.key", cipher.seal("s3.secret-key", SECRET))).isEmpty();
  }

  @Test
  void aValueDoesNotOpenWithAnotherKey() {
    assertThat(new SecretCipher(key(2)).open("k", cipher.seal("k", SECRET))).isEmpty();
  }

  @Test
  void anAlteredValueDoesNotOpen() {
    byte[] sealed = cipher.seal("k", SECRET);
    sealed[sealed.length - 1] ^= 1;

    assertThat(cipher.open("k", sealed)).isEmpty();
  }

  @Test
  void bytesThatWereNeverSealedDoNotOpen() {
    assertThat(cipher.open("k", SECRET.getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(cipher.open("k", new byte[0])).isEmpty();
  }
}
