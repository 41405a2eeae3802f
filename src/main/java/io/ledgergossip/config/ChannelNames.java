package io.ledgergossip.config;

import java.util.regex.Pattern;

/** Channel names as Fabric's configtx validates them (a name Fabric refuses is refused here too). */
public final class ChannelNames {
    /** Fabric's {@code channelAllowedChars}: lower case ASCII letters, digits, '.' and '-', starting with a letter. */
    private static final Pattern ALLOWED = Pattern.compile("[a-z][a-z0-9.-]*");
    /** Fabric's {@code maxLength} for a channel name. */
    public static final int MAX_LENGTH = 249;

    private ChannelNames() {}

    /** Why Fabric would refuse {@code name}, or null when it is a valid channel name. */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "a channel name cannot be empty";
        }
        if (name.length() > MAX_LENGTH) {
            return "channel name '" + name.substring(0, 20) + "...' has " + name.length() + " characters, more than Fabric's "
                    + MAX_LENGTH;
        }
        if (!ALLOWED.matcher(name).matches()) {
            return "channel name '" + name + "' is not one Fabric accepts: lower case letters, digits, '.' and '-', "
                    + "starting with a letter";
        }
        return null;
    }
}
