package io.ferry.worker.block;

/**
 * Blocks moved out of and into one tier since it opened.
 *
 * @param evictions blocks the eviction policy took out of the tier (moved down or dropped)
 * @param demotions of those, the blocks the tier below took
 * @param promotions blocks read often from the tier below that moved up into this one
 */
public record TierMoves(long evictions, long demotions, long promotions) {}
