package io.ledgergossip.transport.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The chaos proxy on real loopback sockets: bytes pass intact and in order, cut links refuse, loss resets. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FaultProxyTest {
    private static final String A = "127.0.1.201";
    private static final String B_OWN = "127.0.1.202";

    private ServerSocket echo;
    private Thread echoThread;
    private volatile FaultProxy.Link link = FaultProxy.Link.HEALTHY;
    private FaultProxy proxy;
    private InetSocketAddress proxyAddress;

    @BeforeEach
    void start() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getByName(B_OWN));
        echoThread = new Thread(this::echoLoop, "echo");
        echoThread.setDaemon(true);
        echoThread.start();
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            proxyAddress = new InetSocketAddress("127.0.0.1", free.getLocalPort());
        }
        proxy = new FaultProxy(List.of(new FaultProxy.Route("B", proxyAddress, new InetSocketAddress(B_OWN, echo.getLocalPort()))),
                Map.of(A, "A"), (from, to) -> from.equals("A") ? link : FaultProxy.Link.HEALTHY, System::nanoTime, 7);
        proxy.start();
    }

    private void echoLoop() {
        while (!echo.isClosed()) {
            try {
                Socket s = echo.accept();
                Thread t = new Thread(() -> {
                    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                        in.transferTo(out);
                    } catch (IOException e) {
                        // the proxy closed it
                    }
                });
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    private Socket dialFromA() throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(A, 0));
        s.connect(proxyAddress, 5_000);
        s.setSoTimeout(10_000);
        return s;
    }

    @Test
    void delayedAndJitteredBytesArriveIntactAndInOrder() throws IOException {
        link = new FaultProxy.Link(false, 5, 20, 0);
        byte[] sent = new byte[2_000_000];
        new SplittableRandom(1).nextBytes(sent);
        try (Socket s = dialFromA()) {
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = s.getOutputStream();
                    for (int i = 0; i < sent.length; i += 10_000) {
                        out.write(sent, i, Math.min(10_000, sent.length - i));
                        out.flush();
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            writer.start();
            byte[] back = s.getInputStream().readNBytes(sent.length);
            assertArrayEquals(sent, back, "jitter must never reorder bytes");
        }
        assertEquals(0, proxy.counters().chunksDropped());
        assertTrue(proxy.counters().bytesForwarded() >= 2L * sent.length);
    }

    @Test
    void aCutLinkRefusesNewConnectionsAndEnforceClosesOpenOnes() throws IOException {
        Socket open = dialFromA();
        open.getOutputStream().write(1);
        assertEquals(1, open.getInputStream().read(), "healthy link echoes");
        link = new FaultProxy.Link(true, 0, 0, 0);
        proxy.enforce();
        assertEquals(-1, open.getInputStream().read(), "the open connection is closed when the partition begins");
        open.close();
        try (Socket refused = dialFromA()) {
            assertEquals(-1, refused.getInputStream().read(), "a new connection over a cut link is closed at once");
        }
        assertEquals(1, proxy.counters().cut());
        assertEquals(1, proxy.counters().refused());
        link = FaultProxy.Link.HEALTHY;
        try (Socket healed = dialFromA()) {
            healed.getOutputStream().write(2);
            assertEquals(2, healed.getInputStream().read(), "healed");
        }
    }

    @Test
    void aLostChunkTakesItsConnectionDown() throws IOException {
        link = new FaultProxy.Link(false, 0, 0, 1.0);
        try (Socket s = dialFromA()) {
            s.getOutputStream().write(new byte[100]);
            assertEquals(-1, s.getInputStream().read(), "a TLS stream cannot lose bytes and go on: the connection resets");
        } catch (java.net.SocketException reset) {
            // also a reset
        }
        assertEquals(1, proxy.counters().chunksDropped());
    }

    @Test
    void unknownSourcesAreForwardedUnharmed() throws IOException {
        link = new FaultProxy.Link(true, 0, 0, 0); // A is cut; a stranger is not A
        try (Socket s = new Socket()) {
            s.connect(proxyAddress, 5_000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(3);
            assertEquals(3, s.getInputStream().read());
        }
    }
}
