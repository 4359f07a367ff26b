package io.ferry.ufs.local;

import io.ferry.ufs.UnderFileSystem;
import io.ferry.ufs.UnderFileSystemContractTest;
import io.ferry.ufs.UnderFileSystems;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

class LocalUnderFileSystemContractTest extends UnderFileSystemContractTest {
  @TempDir
  Path tempDir;

  @Override
  protected UnderFileSystem createUfs() throws Exception {
    return UnderFileSystems.create("file://" + tempDir, Map.of());
  }

  @Override
  protected String newEmptyRootUri() {
    return "file://" + tempDir.resolve("root");
  }
}
