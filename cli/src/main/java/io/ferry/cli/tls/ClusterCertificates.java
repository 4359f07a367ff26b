package io.ferry.cli.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority and the certificates of one cluster, as
 * PEM files in a directory (ECDSA P-256 keys, PKCS#8):
 * <ul>
 *   <li>{@value #CA_CERT}, {@value #CA_KEY}: the CA, created when missing and
 *       reused after, so that issuing again rotates the certificates without
 *       touching what clients trust;
 *   <li>{@value #SERVER_CERT}, {@value #SERVER_KEY}: the certificate of the
 *       masters, workers and FUSE mounts, naming the given hosts, good for
 *       serving and for mutual TLS;
 *   <li>{@value #CLIENT_CERT}, {@value #CLIENT_KEY}: a client certificate
 *       whose subject is the given user;
 *   <li>user-USER.pem, user-USER.key: more users' client certificates
 *       ({@link #issueUser}), for MTLS authentication.
 * </ul>
 * Every file is readable by its owner only and replaced atomically, a key
 * and its certificate one right after the other, so a process that reloads
 * them never reads half a file.
 */
public final class ClusterCertificates {
  public static final String CA_CERT = "ca.pem";
  public static final String CA_KEY = "ca.key";
  public static final String SERVER_CERT = "server.pem";
  public static final String SERVER_KEY = "server.key";
  public static final String CLIENT_CERT = "client.pem";
  public static final String CLIENT_KEY = "client.key";

  private static final String SIGNATURE = "SHA256withECDSA";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path dir;

  public ClusterCertificates(Path dir) {
    this.dir = dir;
  }

  /**
   * Issues a new server certificate for {@code hosts} (names or IP addresses)
   * and a client certificate for {@code user}, both valid for
   * {@code validity}, signed by the directory's CA (created first if missing).
   */
  public void issue(List<String> hosts, String user, Duration validity) throws IOException {
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException("A server certificate needs at least one host name");
    }
    try {
      Files.createDirectories(dir);
      Issuer ca = Files.exists(dir.resolve(CA_KEY)) ? readCa() : createCa(validity);
      KeyPair server = newKeyPair();
      writePair(SERVER_KEY, server.getPrivate(), SERVER_CERT, ca.sign(new X500Name("CN=ferry-server"),
          server.getPublic(), validity, hosts, KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth));
      KeyPair client = newKeyPair();
      writePair(CLIENT_KEY, client.getPrivate(), CLIENT_CERT, ca.sign(new X500Name("CN=" + user),
          client.getPublic(), validity, List.of(), KeyPurposeId.id_kp_clientAuth));
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("Cannot create certificates in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Issues a client certificate whose subject is CN={@code user} (the user
   * of MTLS authentication), signed by the directory's CA, which must exist:
   * {@link #userCert} and {@link #userKey}.
   */
  public void issueUser(String user, Duration validity) throws IOException {
    if (!isUserName(user)) {
      throw new IllegalArgumentException("Not a user name: '" + user + "'");
    }
    if (!Files.exists(dir.resolve(CA_KEY))) {
      throw new IOException("No CA in " + dir + " to sign with (create one with `ferry admin tls create`)");
    }
    try {
      KeyPair keys = newKeyPair();
      writePair(userKey(user).getFileName().toString(), keys.getPrivate(), userCert(user).getFileName().toString(),
          readCa().sign(new X500Name("CN=" + user), keys.getPublic(), validity, List.of(),
              KeyPurposeId.id_kp_clientAuth));
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("Cannot create the certificate of " + user + " in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Letters, digits, '.', '_', '@' and '-': what a subject and a file name can hold as they are. */
  public static boolean isUserName(String user) {
    return user.matches("[A-Za-z0-9._@-]+");
  }

  /** The certificate {@link #issueUser} writes for {@code user}. */
  public Path userCert(String user) {
    return dir.resolve("user-" + user + ".pem");
  }

  public Path userKey(String user) {
    return dir.resolve("user-" + user + ".key");
  }

  /** This machine's names and loopback addresses: what a local cluster's clients connect to. */
  public static List<String> localHosts() throws IOException {
    return List.of("localhost", InetAddress.getLocalHost().getHostName(), "127.0.0.1", "::1");
  }

  private Issuer createCa(Duration validity) throws GeneralSecurityException, OperatorCreationException,
      IOException {
    KeyPair keys = newKeyPair();
    X500Name name = new X500Name("CN=Ferry throw-away CA " + Instant.now());
    X509v3CertificateBuilder b = builder(name, name, keys.getPublic(), validity)
        .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    X509Certificate cert = sign(b, keys.getPrivate());
    writePair(CA_KEY, keys.getPrivate(), CA_CERT, cert);
    return new Issuer(cert, keys.getPrivate());
  }

  private Issuer readCa() throws IOException, GeneralSecurityException {
    X509Certificate cert;
    try (var in = Files.newInputStream(dir.resolve(CA_CERT))) {
      cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    String pem = Files.readString(dir.resolve(CA_KEY), StandardCharsets.US_ASCII);
    byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    return new Issuer(cert, KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der)));
  }

  /** The CA: signs leaf certificates. */
  private record Issuer(X509Certificate cert, PrivateKey key) {
    X509Certificate sign(X500Name subject, PublicKey publicKey, Duration validity, List<String> hosts,
        KeyPurposeId... purposes) throws GeneralSecurityException, OperatorCreationException, CertIOException {
      X509v3CertificateBuilder b = builder(X500Name.getInstance(cert.getSubjectX500Principal().getEncoded()),
          subject, publicKey, validity)
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes))
          .addExtension(Extension.authorityKeyIdentifier, false,
              new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(cert));
      if (!hosts.isEmpty()) {
        GeneralName[] names = hosts.stream().map(ClusterCertificates::generalName).toArray(GeneralName[]::new);
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
      }
      return ClusterCertificates.sign(b, key);
    }
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key,
      Duration validity) throws GeneralSecurityException, CertIOException {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(issuer, new BigInteger(63, RANDOM), Date.from(now.minusSeconds(60)),
        Date.from(now.plus(validity)), subject, key)
        .addExtension(Extension.subjectKeyIdentifier, false, new JcaX509ExtensionUtils().createSubjectKeyIdentifier(key));
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key)
      throws GeneralSecurityException, OperatorCreationException {
    return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(SIGNATURE).build(key)));
  }

  private static GeneralName generalName(String host) {
    boolean address = host.contains(":") || host.matches("[0-9.]+");
    return new GeneralName(address ? GeneralName.iPAddress : GeneralName.dNSName, host);
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    return g.generateKeyPair();
  }

  private static String privateKeyPem(PrivateKey key) {
    return pem("PRIVATE KEY", key.getEncoded());
  }

  private static String certificatePem(X509Certificate cert) throws GeneralSecurityException {
    return pem("CERTIFICATE", cert.getEncoded());
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  /** Writes both files to temporary ones (created owner-only), then moves them into place together. */
  private void writePair(String keyName, PrivateKey key, String certName, X509Certificate cert)
      throws IOException, GeneralSecurityException {
    Path keyTmp = temporary(keyName, privateKeyPem(key));
    Path certTmp = temporary(certName, certificatePem(cert));
    Files.move(keyTmp, dir.resolve(keyName), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    Files.move(certTmp, dir.resolve(certName), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private Path temporary(String name, String content) throws IOException {
    Path tmp = Files.createTempFile(dir, "." + name, ".tmp");
    Files.writeString(tmp, content, StandardCharsets.US_ASCII);
    return tmp;
  }
}
