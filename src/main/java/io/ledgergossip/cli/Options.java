package io.ledgergossip.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Range checks of numeric options, made before a command starts any work; a refusal names the option and the value. */
final class Options {
    private Options() {}

    static void atLeast(CommandSpec spec, String option, long value, long min) {
        if (value < min) {
            throw new ParameterException(spec.commandLine(), option + " must be at least " + min + ", not " + value);
        }
    }

    static void between(CommandSpec spec, String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ParameterException(spec.commandLine(), option + " must be between " + min + " and " + max + ", not " + value);
        }
    }

    /** The blocks a command holds in memory must leave half of the JVM's heap free: refused, with the figures, before any work. */
    static void fitsInHeap(CommandSpec spec, long blocks, long blockBytes) {
        long held = blocks * blockBytes;
        long heap = Runtime.getRuntime().maxMemory();
        if (held > heap / 2) {
            throw new ParameterException(spec.commandLine(), "--blocks x --block-bytes = " + held + " bytes, more than half of "
                    + "this JVM's heap (" + heap + " bytes) that holds the blocks: use fewer or smaller blocks, or a larger -Xmx");
        }
    }

    static void between(CommandSpec spec, String option, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new ParameterException(spec.commandLine(), option + " must be between " + min + " and " + max + ", not " + value);
        }
    }
}
