package io.ledgergossip.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** The command line run as a user runs it, with its stdout and stderr captured anew for each run. */
final class CapturedCli {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return LedgerGossipCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }
}
