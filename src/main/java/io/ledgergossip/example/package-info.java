/** Example programs that show how a ledger node embeds the library. */
package io.ledgergossip.example;
