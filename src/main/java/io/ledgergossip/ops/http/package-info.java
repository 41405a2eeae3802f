/**
 * The operations endpoint's HTTP server: non-blocking (Netty), so slow or silent clients hold no
 * thread; every connection must deliver its request within a deadline and is closed after one answer.
 */
package io.ledgergossip.ops.http;
