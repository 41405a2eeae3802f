/**
 * Operating a node: its operations endpoint (Prometheus {@code /metrics}, {@code /healthz},
 * {@code /status}) with Fabric's metric names, and the health checks. Above {@code node}, below
 * {@code cli}.
 */
package io.ledgergossip.ops;
