package io.ferry.worker.block;

import java.nio.file.Path;

/** One tier as configured: its name, directory, capacity, and whether its blocks survive a restart. */
public record TierSpec(String alias, Path dir, long capacity, boolean persistent) {}
