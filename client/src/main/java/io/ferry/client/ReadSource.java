package io.ferry.client;

/** Where the bytes a client read came from. */
public enum ReadSource {
  /** The block file of a worker on this host, read directly. */
  SHORT_CIRCUIT,
  /** A worker's ReadBlock stream (a worker on this host with short-circuit off, or another host's). */
  WORKER_STREAM
}
