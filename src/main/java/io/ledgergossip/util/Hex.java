package io.ledgergossip.util;

import java.util.HexFormat;

/** Lower-case hex, as Fabric's tools print hashes. */
public final class Hex {
    private static final HexFormat FORMAT = HexFormat.of();

    private Hex() {}

    public static String of(byte[] bytes) {
        return FORMAT.formatHex(bytes);
    }

    public static byte[] parse(String hex) {
        return FORMAT.parseHex(hex);
    }
}
