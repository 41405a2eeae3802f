package io.ledgergossip.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ledgergossip.cli.LedgerGossipCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The embedding example runs as README shows it: crypto from `crypto generate`, two real peers, blocks and a routed message. */
class EmbeddedPeerExampleTest {
    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void twoEmbeddedPeersShareBlocksAndARoutedMessageIsDelivered() throws Exception {
        Path crypto = tmp.resolve("crypto");
        assertEquals(0, LedgerGossipCli.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                "crypto", "generate", "network-config/minimal.yaml", "--out", crypto.toString()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            EmbeddedPeerExample.run(crypto, tmp.resolve("data"), out);
        }
        String printed = bytes.toString(StandardCharsets.UTF_8);
        for (int n = 0; n < 5; n++) {
            assertTrue(printed.contains("follower committed block " + n + "\n"), printed);
        }
        assertTrue(printed.contains("follower height 5, leader height 5"), printed);
        assertTrue(printed.contains("routed message: DELIVERED"), printed);
        assertTrue(printed.contains("leader received \"hello from peer1\""), printed);
    }
}
