package io.ferry.cli.bench.fuse;

import io.ferry.client.CreateOptions;
import io.ferry.client.FerryClient;
import io.ferry.client.FerryOutputStream;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * The bytes `ferry bench fuse` reads: one large file ({@value #SEQ_FILE}) and
 * many small ones under {@value #SMALL_DIR}/, generated from a seed into a
 * tmpfs directory, then copied as they are into Ferry and into the in-memory
 * file system, so all three read the same bytes.
 */
final class BenchDataset {
  static final String SEQ_FILE = "seq.bin";
  static final String SMALL_DIR = "small";

  final Path dir;
  final long seqSize;
  final int files;
  final int fileSize;

  private BenchDataset(Path dir, long seqSize, int files, int fileSize) {
    this.dir = dir;
    this.seqSize = seqSize;
    this.files = files;
    this.fileSize = fileSize;
  }

  static BenchDataset generate(Path dir, long seqSize, int files, int fileSize, long seed) throws IOException {
    Random random = new Random(seed);
    Files.createDirectories(dir.resolve(SMALL_DIR));
    byte[] buf = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(dir.resolve(SEQ_FILE))) {
      for (long left = seqSize; left > 0; left -= buf.length) {
        random.nextBytes(buf);
        out.write(buf, 0, (int) Math.min(buf.length, left));
      }
    }
    byte[] small = new byte[fileSize];
    for (int i = 0; i < files; i++) {
      random.nextBytes(small);
      Files.write(dir.resolve(SMALL_DIR).resolve(smallName(i)), small);
    }
    return new BenchDataset(dir, seqSize, files, fileSize);
  }

  static String smallName(int i) {
    return String.format("f%05d.bin", i);
  }

  long totalBytes() {
    return seqSize + (long) files * fileSize;
  }

  /** Writes every file into a fresh Ferry directory (CACHE_THROUGH: persisted and cached, so warm). */
  void writeTo(FerryClient client, String ferryDir) throws IOException {
    try {
      client.delete(ferryDir, true);
    } catch (FerryException e) {
      if (e.code() != ErrorCode.NOT_FOUND) {
        throw e;
      }
    }
    client.createDirectory(ferryDir + "/" + SMALL_DIR, true);
    copy(client, dir.resolve(SEQ_FILE), ferryDir + "/" + SEQ_FILE);
    for (int i = 0; i < files; i++) {
      copy(client, dir.resolve(SMALL_DIR).resolve(smallName(i)), ferryDir + "/" + SMALL_DIR + "/" + smallName(i));
    }
  }

  private static void copy(FerryClient client, Path from, String to) throws IOException {
    try (FerryOutputStream out = client.createFile(to, CreateOptions.DEFAULT)) {
      Files.copy(from, out);
    }
  }

  /** Loads every file into the in-memory file system, at the same relative paths. */
  void addTo(MemoryFuseFileSystem fs) throws IOException {
    fs.add("/" + SEQ_FILE, Files.readAllBytes(dir.resolve(SEQ_FILE)));
    for (int i = 0; i < files; i++) {
      fs.add("/" + SMALL_DIR + "/" + smallName(i), Files.readAllBytes(dir.resolve(SMALL_DIR).resolve(smallName(i))));
    }
  }
}
