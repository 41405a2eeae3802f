/**
 * The {@code ledger-gossip} command line (picocli): one class per command, each a thin shell over
 * the library that turns its results into output and exit codes.
 */
package io.ledgergossip.cli;
