package io.ferry.cli.bench;

import io.ferry.client.FerryClient;
import io.ferry.client.MountEntry;
import io.ferry.client.PathStatus;
import io.ferry.common.Secrets;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
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
  static Map<Long, UnderFileSystem> open(FerryClient client, List<PathStatus> files, Map<String, String> ufsOptions)
      throws IOException {
    Map<Long, MountEntry> mounts = new HashMap<>();
    for (MountEntry m : client.getMountTable()) {
      mounts.put(m.mountId(), m);
    }
    Map<Long, UnderFileSystem> out = new HashMap<>();
    try {
      for (PathStatus f : files) {
        if (out.containsKey(f.mountId())) {
          continue;
        }
        MountEntry mount = mounts.get(f.mountId());
        if (mount == null) {
          throw new FerryException(ErrorCode.NOT_FOUND,
              "The mount (id " + f.mountId() + ") of " + f.path() + " is not in the mount table");
        }
        out.put(f.mountId(), openMount(mount, ufsOptions));
      }
    } catch (IOException e) {
      for (UnderFileSystem ufs : out.values()) {
        ufs.close();
      }
      throw e;
    }
    return out;
  }

  private static UnderFileSystem openMount(MountEntry mount, Map<String, String> ufsOptions) throws IOException {
    String why = "the UFS pass reads the under storage directly";
    Map<String, String> options = new HashMap<>(mount.options());
    options.putAll(ufsOptions);
    for (Map.Entry<String, String> o : options.entrySet()) {
      if (o.getValue().equals(Secrets.MASK)) {
        throw FerryException.invalidArgument("Mount " + mount.ferryPath() + " (" + mount.ufsUri()
            + ") has credentials the master does not give clients: " + why + ", so give them with --ufs-option "
            + o.getKey() + "=…");
      }
    }
    try {
      return UnderFileSystems.create(mount.ufsUri(), options);
    } catch (IOException e) {
      throw new FerryException(ErrorCode.INVALID_ARGUMENT, "Cannot open mount " + mount.ferryPath() + " ("
          + mount.ufsUri() + ") directly: " + e.getMessage() + "; " + why, e);
    }
  }
}
