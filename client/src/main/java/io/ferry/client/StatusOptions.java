package io.ferry.client;

/**
 * Options of {@link FerryClient#getStatus(String, StatusOptions)}.
 *
 * @param sync re-sync the path's metadata with its under storage first
 * @param includeBlocks fill {@link PathStatus#blocks()} with their cached locations
 */
public record StatusOptions(boolean sync, boolean includeBlocks) {
  public static final StatusOptions DEFAULT = new StatusOptions(false, false);

  public StatusOptions withSync(boolean value) {
    return new StatusOptions(value, includeBlocks);
  }

  public StatusOptions withBlocks(boolean value) {
    return new StatusOptions(sync, value);
  }
}
