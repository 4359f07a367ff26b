package io.ferry.client;

import io.ferry.proto.SetAttributesRequest;

/**
 * What {@link FerryClient#setAttributes} changes: only the attributes given
 * a value here (chmod, utimens, chown). Changes are Ferry-side metadata; the
 * under storage's copy keeps its own.
 *
 * @param mode permission bits (07777), or null to keep them
 * @param mtimeMs modification time, or null to keep it
 * @param owner owner name, or "" to keep it
 * @param group group name, or "" to keep it
 */
public record AttributeChanges(Integer mode, Long mtimeMs, String owner, String group) {
  public static final AttributeChanges NONE = new AttributeChanges(null, null, "", "");

  public AttributeChanges withMode(int value) {
    return new AttributeChanges(value, mtimeMs, owner, group);
  }

  public AttributeChanges withMtimeMs(long value) {
    return new AttributeChanges(mode, value, owner, group);
  }

  public AttributeChanges withOwner(String value) {
    return new AttributeChanges(mode, mtimeMs, value, group);
  }

  public AttributeChanges withGroup(String value) {
    return new AttributeChanges(mode, mtimeMs, owner, value);
  }

  SetAttributesRequest toRequest(String path) {
    SetAttributesRequest.Builder r = SetAttributesRequest.newBuilder().setPath(path).setOwner(owner).setGroup(group);
    if (mode != null) {
      r.setMode(mode);
    }
    if (mtimeMs != null) {
      r.setMtimeMs(mtimeMs);
    }
    return r.build();
  }
}
