package io.ledgergossip.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Tells whether an endpoint that did not speak plain HTTP speaks TLS instead, to say "try --tls-ca". */
final class OpsProbe {
    /** A TLS 1.2 ClientHello's record header: handshake (22), version 3.1. A TLS server answers with a record of type 21 or 22. */
    private static final byte[] CLIENT_HELLO = {
        0x16, 0x03, 0x01, 0x00, 0x2f, 0x01, 0x00, 0x00, 0x2b, 0x03, 0x03,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0x00, 0x00, 0x02, (byte) 0xc0, 0x2b, 0x01, 0x00};

    private OpsProbe() {}

    static boolean speaksTls(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write(CLIENT_HELLO);
            out.flush();
            InputStream in = socket.getInputStream();
            int type = in.read();
            int major = in.read();
            return (type == 0x15 || type == 0x16) && major == 0x03;
        } catch (IOException e) {
            return false;
        }
    }
}
