package io.ledgergossip.cli;

/** Exit codes shared by every command, and how each command's {@code --help} lists them. */
final class ExitCodes {
    static final int OK = 0;
    /** The command ran and found a problem (an invalid block, a diverged peer, an unhealthy node). */
    static final int FOUND_PROBLEMS = 1;
    /** The command could not run: bad input (an option, a file, a config) or environment (a port taken, a store locked). */
    static final int CANNOT_RUN = 2;

    static final String HEADING = "%nExit codes:%n";
    static final String LIST_OK = "0:done (for a check: everything checked out)";
    static final String LIST_FOUND_PROBLEMS = "1:the check failed (invalid blocks, peers that did not converge, an unhealthy node)";
    static final String LIST_CANNOT_RUN = "2:bad input or environment (an option, a path, a config, a port, a store): one line says which and why";

    private ExitCodes() {}
}
