package io.ferry.cli.bench;

import io.ferry.client.FerryClient;
import io.ferry.common.Secrets;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.proto.FileInfo;
import io.ferry.proto.MountInfo;
import io.ferry.ufs.UnderFileSystem;
import io.ferry.ufs.UnderFileSystems;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The under storages of files opened directly, for a benchmark's reference
 * pass. The master gives clients no credentials: they come from the
 * benchmark's {@code --ufs-option}s.
 */
final class DirectUfs {
  private DirectUfs() {}

  /** One under storage per mount the files are in; the caller closes them. */
  static Map<Long, UnderFileSystem> open(FerryClient client, List<FileInfo> files, Map<String, String> ufsOptions)
      throws IOException {
    Map<Long, MountInfo> mounts = new HashMap<>();
    for (MountInfo m : client.getMountTable()) {
      mounts.put(m.getMountId(), m);
    }
    Map<Long, UnderFileSystem> out = new HashMap<>();
    try {
      for (FileInfo f : files) {
        if (out.containsKey(f.getMountId())) {
          continue;
        }
        MountInfo mount = mounts.get(f.getMountId());
        if (mount == null) {
          throw new FerryException(ErrorCode.NOT_FOUND,
              "The mount (id " + f.getMountId() + ") of " + f.getPath() + " is not in the mount table");
        }
        out.put(f.getMountId(), openMount(mount, ufsOptions));
      }
    } catch (IOException e) {
      for (UnderFileSystem ufs : out.values()) {
        ufs.close();
      }
      throw e;
    }
    return out;
  }

  private static UnderFileSystem openMount(MountInfo mount, Map<String, String> ufsOptions) throws IOException {
    String why = "the UFS pass reads the under storage directly";
    Map<String, String> options = new HashMap<>(mount.getOptionsMap());
    options.putAll(ufsOptions);
    for (Map.Entry<String, String> o : options.entrySet()) {
      if (o.getValue().equals(Secrets.MASK)) {
        throw FerryException.invalidArgument("Mount " + mount.getFerryPath() + " (" + mount.getUfsUri()
            + ") has credentials the master does not give clients: " + why + ", so give them with --ufs-option "
            + o.getKey() + "=…");
      }
    }
    try {
      return UnderFileSystems.create(mount.getUfsUri(), options);
    } catch (IOException e) {
      throw new FerryException(ErrorCode.INVALID_ARGUMENT, "Cannot open mount " + mount.getFerryPath() + " ("
          + mount.getUfsUri() + ") directly: " + e.getMessage() + "; " + why, e);
    }
  }
}
