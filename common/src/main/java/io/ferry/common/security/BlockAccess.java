package io.ferry.common.security;

/**
 * A block read or a file write a worker is asked for, as a capability must
 * cover it.
 *
 * @param what the block or file, for the refusal's message ("block 16777217 (file 1)")
 * @param ufsUri the under storage file the request names; "" when it names none
 *     (a read of the cached copy only)
 */
public record BlockAccess(String what, long fileId, BlockCapability.Access access, long mountId, String ufsUri) {}
