/**
 * Configuration: immutable records that validate themselves, with every default in
 * {@link io.ledgergossip.config.Defaults}, named after Fabric's {@code peer.gossip.*} keys where
 * Fabric has the concept.
 */
package io.ledgergossip.config;
