package io.ledgergossip.cli;

/** Exit codes shared by the commands. */
final class ExitCodes {
    static final int OK = 0;
    /** The command ran and found a problem (an invalid block, a diverged peer). */
    static final int FOUND_PROBLEMS = 1;
    /** The command could not run: missing, empty or unreadable input. */
    static final int CANNOT_RUN = 2;

    private ExitCodes() {}
}
