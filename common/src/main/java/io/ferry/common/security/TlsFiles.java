package io.ferry.common.security;

import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import io.grpc.util.CertificateUtils;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate, key and CA files of one process, loaded into the key and
 * trust managers its TLS connections use, and loaded again when they change
 * ({@link #reloadIfChanged}). gRPC's own file watching checks at most once a
 * minute; this one as often as it is asked. A new key is applied only with a
 * certificate it matches, so a rotation that replaces the two files one after
 * the other never serves a broken pair: the old one stays until both are new.
 */
final class TlsFiles {
  private static final Logger LOG = LoggerFactory.getLogger(TlsFiles.class);

  /** A certificate chain and its private key. */
  record Identity(Path cert, Path key) {}

  private final Optional<Identity> identity;
  private final Optional<Path> ca;
  private final AdvancedTlsX509KeyManager keyManager = new AdvancedTlsX509KeyManager();
  private final AdvancedTlsX509TrustManager trustManager;
  /** The files' versions last loaded (null: never). */
  private List<String> identityVersion;
  private String caVersion;

  TlsFiles(Optional<Identity> identity, Optional<Path> ca, AdvancedTlsX509TrustManager trustManager) {
    this.identity = identity;
    this.ca = ca;
    this.trustManager = trustManager;
  }

  /** Loads the files; at start a bad file fails here, naming it. */
  void load() throws IOException, GeneralSecurityException {
    if (identity.isPresent()) {
      loadIdentity(identity.get());
    }
    if (ca.isPresent()) {
      loadCa(ca.get());
    }
  }

  /** Loads what changed since the last load; a file that cannot be used is logged and the old one kept. */
  void reloadIfChanged() {
    try {
      if (identity.isPresent() && !identityVersion.equals(versions(identity.get()))) {
        loadIdentity(identity.get());
        LOG.info("TLS: loaded the new certificate {}", identity.get().cert());
      }
      if (ca.isPresent() && !Objects.equals(caVersion, version(ca.get()))) {
        loadCa(ca.get());
        LOG.info("TLS: loaded the new CA certificates {}", ca.get());
      }
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      LOG.warn("TLS: cannot load the changed certificate files, keeping the previous ones: {}", e.toString());
    }
  }

  AdvancedTlsX509KeyManager keyManager() {
    return keyManager;
  }

  private void loadIdentity(Identity files) throws IOException, GeneralSecurityException {
    List<String> version = versions(files);
    X509Certificate[] chain = certificates(files.cert());
    PrivateKey key;
    try (InputStream in = Files.newInputStream(files.key())) {
      key = CertificateUtils.getPrivateKey(in);
    }
    if (!matches(key, chain[0])) {
      throw new GeneralSecurityException("the key " + files.key() + " does not belong to the certificate "
          + files.cert());
    }
    keyManager.updateIdentityCredentials(chain, key);
    identityVersion = version;
  }

  private void loadCa(Path file) throws IOException, GeneralSecurityException {
    String version = version(file);
    trustManager.updateTrustCredentials(certificates(file));
    caVersion = version;
  }

  private static X509Certificate[] certificates(Path file) throws IOException, GeneralSecurityException {
    X509Certificate[] certs;
    try (InputStream in = Files.newInputStream(file)) {
      certs = CertificateUtils.getX509Certificates(in);
    }
    if (certs.length == 0) {
      throw new GeneralSecurityException(file + " holds no PEM certificate");
    }
    return certs;
  }

  /** Whether {@code key} signs what the certificate's public key verifies. */
  private static boolean matches(PrivateKey key, X509Certificate cert) throws GeneralSecurityException {
    String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256with" + key.getAlgorithm();
    byte[] challenge = {'f', 'e', 'r', 'r', 'y'};
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(key);
    signer.update(challenge);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(cert.getPublicKey());
    verifier.update(challenge);
    return verifier.verify(signature);
  }

  private static List<String> versions(Identity files) throws IOException {
    return List.of(version(files.cert()), version(files.key()));
  }

  /** What changes when a file is rewritten or renamed over: its inode, size and modification time. */
  private static String version(Path file) throws IOException {
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
    return a.fileKey() + "/" + a.size() + "/" + a.lastModifiedTime().toMillis();
  }
}
