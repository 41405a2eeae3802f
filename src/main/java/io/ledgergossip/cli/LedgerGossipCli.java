package io.ledgergossip.cli;

import io.ledgergossip.config.Durations;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Entry point of {@code java -jar ledger-gossip.jar}: every command answers a bad input with one
 * line naming the option, path or value and the reason, and ends with a documented exit code
 * ({@link ExitCodes}); a stack trace reaches the user only with {@code --debug}.
 */
@Command(name = "ledger-gossip",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Block dissemination for permissioned ledgers in Hyperledger Fabric's formats.",
        subcommands = {NetworkUpCommand.class, NodeCommand.class, ReplayCommand.class, VerifyCommand.class, RecoverCommand.class, SampleLedgerCommand.class, StoreBenchCommand.class, CryptoCommand.class, BenchCommand.class, SimulateCommand.class, ChaosCommand.class, StatusCommand.class, ConfigCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.LIST_OK, ExitCodes.LIST_FOUND_PROBLEMS, ExitCodes.LIST_CANNOT_RUN})
public final class LedgerGossipCli {
    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "On an error, also print the Java stack trace (for a bug report).")
    private boolean debug;

    public static void main(String[] args) {
        Logging.configure(args);
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs a command line with its output captured (tests call this instead of main). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        boolean debug = Arrays.asList(args).contains("--debug");
        CommandLine commandLine = commandLine(out, err, debug);
        try {
            return commandLine.execute(args);
        } catch (OutOfMemoryError e) {
            err.println("ledger-gossip: out of memory (" + e.getMessage() + "): the input asks for more than this JVM's heap of "
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB; use smaller values or a larger -Xmx");
            return ExitCodes.CANNOT_RUN;
        } catch (StackOverflowError e) {
            err.println("ledger-gossip: the input nests too deeply to be read");
            return ExitCodes.CANNOT_RUN;
        }
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err, boolean debug) {
        CommandLine commandLine = new CommandLine(new LedgerGossipCli());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.registerConverter(Duration.class, LedgerGossipCli::duration);
        commandLine.setParameterExceptionHandler((ex, args) -> {
            CommandLine failed = ex.getCommandLine();
            failed.getErr().println(name(failed) + ": " + ex.getMessage() + " (see '" + failed.getCommandSpec().qualifiedName()
                    + " --help')");
            if (debug) {
                ex.printStackTrace(failed.getErr());
            }
            return ExitCodes.CANNOT_RUN;
        });
        commandLine.setExecutionExceptionHandler((ex, failed, parseResult) -> {
            failed.getErr().println(name(failed) + ": " + UserErrors.describe(ex));
            if (debug) {
                ex.printStackTrace(failed.getErr());
            }
            return ExitCodes.CANNOT_RUN;
        });
        return commandLine;
    }

    /** The command's name as the user typed it, without the program's: {@code network up}, {@code verify}. */
    static String name(CommandLine commandLine) {
        String qualified = commandLine.getCommandSpec().qualifiedName();
        return qualified.startsWith("ledger-gossip ") ? qualified.substring("ledger-gossip ".length()) : qualified;
    }

    private static Duration duration(String text) {
        try {
            Duration d = Durations.parse(text);
            if (d.isZero()) {
                throw new CommandLine.TypeConversionException("'" + text + "' is zero; give a positive duration like 500ms, 4s or 1m");
            }
            return d;
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new CommandLine.TypeConversionException(e.getMessage() == null ? "'" + text + "' is not a duration" : e.getMessage());
        }
    }
}
