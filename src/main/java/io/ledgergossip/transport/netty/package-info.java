/**
 * The real transport: TCP with mutual TLS (OpenSSL when available, the JDK otherwise), epoll
 * where available, length-prefixed frames capped before allocation, Fabric's ConnEstablish
 * handshake, and bounded send buffers per connection. The only package that imports Netty.
 *
 * <pre>
 *   pipeline:  SslHandler -> FrameDecoder(4-byte length, capped) / FramePrepender
 *              -> EnvelopeCodec -> HandshakeHandler  (replaced after the handshake by)
 *                                 PeerChannelHandler -> InboundHandler
 * </pre>
 */
package io.ledgergossip.transport.netty;
