package io.ferry.master.mount;

import com.google.protobuf.ByteString;
import io.ferry.common.Secrets;
import io.ferry.common.conf.ConfigurationException;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.common.security.CredentialKeyFile;
import io.ferry.master.journal.proto.MountRecord;
import io.ferry.master.security.SecretCipher;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Mount credentials at rest: the options {@link Secrets#isSecret} names are
 * journaled and stored only encrypted ({@code MountRecord.encrypted_options},
 * under the key of ferry.security.secret.key.file); the others stay in
 * {@code options}. Without a key, credentials are refused. Records stored
 * before encryption (credentials in {@code options}) are read as they are
 * until the leader rewrites them encrypted.
 */
public final class MountCredentials {
  /** No key: mounts without credentials only. */
  public static final MountCredentials NONE = new MountCredentials(Optional.empty(), null);

  private final Optional<SecretCipher> cipher;
  private final Path keyFile;

  private MountCredentials(Optional<SecretCipher> cipher, Path keyFile) {
    this.cipher = cipher;
    this.keyFile = keyFile;
  }

  /** The configured key, created when its file is missing; {@link #NONE} when no file is configured. */
  public static MountCredentials from(FerryConfiguration conf) {
    return CredentialKeyFile.of(conf)
        .map(file -> new MountCredentials(Optional.of(new SecretCipher(CredentialKeyFile.readOrCreate(file))), file))
        .orElse(NONE);
  }

  /** Refuses credentials among {@code options} when there is no key to encrypt them with. */
  public void checkStorable(Map<String, String> options) throws FerryException {
    Optional<String> credential = options.keySet().stream().filter(Secrets::isSecret).sorted().findFirst();
    if (cipher.isEmpty() && credential.isPresent()) {
      throw FerryException.invalidArgument("Mount option " + credential.get() + " is a credential, which the "
          + "master stores only encrypted, and it has no key: set '" + PropertyKey.SECURITY_SECRET_KEY_FILE
          + "' on the masters");
    }
  }

  /** Sets {@code options} on {@code record} (whose mount id is set), credentials encrypted; see {@link #checkStorable}. */
  public MountRecord.Builder putOptions(MountRecord.Builder record, Map<String, String> options)
      throws FerryException {
    checkStorable(options);
    for (Map.Entry<String, String> option : new TreeMap<>(options).entrySet()) {
      if (Secrets.isSecret(option.getKey())) {
        record.putEncryptedOptions(option.getKey(), ByteString.copyFrom(
            cipher.orElseThrow().seal(context(record.getMountId(), option.getKey()), option.getValue())));
      } else {
        record.putOptions(option.getKey(), option.getValue());
      }
    }
    return record;
  }

  /** Every option of {@code record}, credentials decrypted: for the mount's under storage only. */
  public Map<String, String> decrypted(MountRecord record) throws FerryException {
    Map<String, String> options = new TreeMap<>(record.getOptionsMap());
    for (Map.Entry<String, ByteString> sealed : record.getEncryptedOptionsMap().entrySet()) {
      options.put(sealed.getKey(), open(record, sealed.getKey(), sealed.getValue())
          .orElseThrow(() -> new FerryException(ErrorCode.INTERNAL, cannotDecrypt(record))));
    }
    return options;
  }

  /** Every option of {@code record}, credentials shown as {@link Secrets#MASK}: for people and logs. */
  public static Map<String, String> masked(MountRecord record) {
    Map<String, String> options = new TreeMap<>(Secrets.mask(record.getOptionsMap()));
    record.getEncryptedOptionsMap().keySet().forEach(key -> options.put(key, Secrets.MASK));
    return options;
  }

  /** True if {@code record} holds credentials in clear text (it was stored before encryption). */
  public static boolean inClearText(MountRecord record) {
    return record.getOptionsMap().keySet().stream().anyMatch(Secrets::isSecret);
  }

  /** The record with its clear-text credentials encrypted. */
  public MountRecord encrypted(MountRecord record) throws FerryException {
    Map<String, String> clear = new TreeMap<>(record.getOptionsMap());
    MountRecord.Builder builder = record.toBuilder().clearOptions();
    return putOptions(builder, clear).build();
  }

  /**
   * At start: fails, in one line, when stored mounts have credentials and
   * there is no key, or a key that does not decrypt them.
   */
  public void checkStored(List<MountRecord> records) {
    List<String> withCredentials = records.stream()
        .filter(r -> inClearText(r) || r.getEncryptedOptionsCount() > 0).map(MountRecord::getFerryPath).toList();
    if (cipher.isEmpty() && !withCredentials.isEmpty()) {
      throw new ConfigurationException("The metastore holds credentials of the mount(s) " + withCredentials
          + ", which the master keeps encrypted, and '" + PropertyKey.SECURITY_SECRET_KEY_FILE + "' is not set: set "
          + "it to the key file they were encrypted with (a new file if they never were)");
    }
    for (MountRecord r : records) {
      r.getEncryptedOptionsMap().forEach((key, sealed) -> {
        if (open(r, key, sealed).isEmpty()) {
          throw new ConfigurationException(cannotDecrypt(r));
        }
      });
    }
  }

  private Optional<String> open(MountRecord record, String key, ByteString sealed) {
    return cipher.flatMap(c -> c.open(context(record.getMountId(), key), sealed.toByteArray()));
  }

  private String cannotDecrypt(MountRecord record) {
    return "Cannot decrypt the credentials of the mount " + record.getFerryPath() + ": " + (cipher.isEmpty()
        ? "'" + PropertyKey.SECURITY_SECRET_KEY_FILE + "' is not set"
        : "the key in " + keyFile + " is not the one they were encrypted with");
  }

  /** Binds a sealed value to its mount and option: it cannot be moved to another. */
  private static String context(long mountId, String key) {
    return "mount " + mountId + " option " + key;
  }
}
