package io.ledgergossip.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Tells whether an endpoint that did not speak plain HTTP speaks TLS instead, to say "try --tls-ca".
 * It only shakes hands (trusting any certificate, since it reads and sends nothing after): a TLS
 * server completes the handshake, a plain one breaks it with a protocol error.
 */
final class OpsProbe {
    private OpsProbe() {}

    static boolean speaksTls(String host, int port) {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(host, port), 2000);
            plain.setSoTimeout(2000);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new AnyCertificate()}, null);
            try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, false)) {
                tls.startHandshake();
                return true;
            }
        } catch (SSLHandshakeException e) {
            return e.getMessage() != null && e.getMessage().contains("certificate"); // a TLS server whose certificate we disliked
        } catch (IOException | GeneralSecurityException e) {
            return false;
        }
    }

    /** Accepts any server certificate: the probe learns only whether TLS is spoken, and sends no data. */
    private static final class AnyCertificate implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
