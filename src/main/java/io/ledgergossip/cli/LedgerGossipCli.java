package io.ledgergossip.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code java -jar ledger-gossip.jar}. */
@Command(name = "ledger-gossip",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Block dissemination for permissioned ledgers in Hyperledger Fabric's formats.",
        subcommands = {NetworkUpCommand.class, NodeCommand.class, ReplayCommand.class, VerifyCommand.class, SampleLedgerCommand.class, StoreBenchCommand.class, CryptoCommand.class, BenchCommand.class, SimulateCommand.class, ChaosCommand.class, StatusCommand.class, ConfigCommand.class,
                CommandLine.HelpCommand.class})
public final class LedgerGossipCli {
    public static void main(String[] args) {
        // the commands print their own progress; logs show warnings and errors unless asked for more
        // (-Dorg.slf4j.simpleLogger.defaultLogLevel=info)
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code. */
    public static int run(String... args) {
        return new CommandLine(new LedgerGossipCli()).execute(args);
    }

    /** Runs a command line with its output captured (tests call this instead of main). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new LedgerGossipCli());
        commandLine.setOut(out);
        commandLine.setErr(err);
        return commandLine.execute(args);
    }
}
