package io.ledgergossip.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ledgergossip.cli.LedgerGossipCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        // README's two command lines, word for word, with DIR a fresh directory
        String readme = Files.readString(Path.of("README.md"));
        Matcher generate = Pattern.compile("java -jar target/ledger-gossip\\.jar (crypto generate [^\\n`]+)").matcher(readme);
        Matcher example = Pattern.compile("java -cp target/ledger-gossip\\.jar io\\.ledgergossip\\.example\\.EmbeddedPeerExample ([^\\n`]+)")
                .matcher(readme);
        assertTrue(generate.find() && example.find(), "README lost its embedding commands");
        String dir = tmp.toString();
        StringWriter err = new StringWriter();
        assertEquals(0, LedgerGossipCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true),
                generate.group(1).replace("DIR", dir).split(" ")), err.toString());
        String[] args = example.group(1).replace("DIR", dir).split(" ");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            EmbeddedPeerExample.run(Path.of(args[0]), Path.of(args[1]), out);
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
