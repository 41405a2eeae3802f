/**
 * Small helpers with no project dependencies (hashing, hex), usable from every layer.
 * Nothing here knows about blocks, peers or the network.
 */
package io.ledgergossip.util;
