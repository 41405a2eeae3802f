package io.ledgergossip.cli;

import io.ledgergossip.config.GossipKeys;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code config keys}: every peer.gossip.* key with its environment variable, default and meaning. */
@Command(name = "config", mixinStandardHelpOptions = true,
        footerHeading = "%nExample:%n",
        footer = "  java -jar target/ledger-gossip.jar config keys%n",
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.LIST_OK}, description = "Configuration keys.",
        subcommands = ConfigCommand.Keys.class)
final class ConfigCommand {
    @Command(name = "keys", mixinStandardHelpOptions = true,
            description = "Prints every peer.gossip.* key a node reads, its CORE_PEER_GOSSIP_* environment variable, its default "
                    + "and its meaning, as the Markdown table README.md carries (generated from the same list as the defaults).")
    static final class Keys implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().print(GossipKeys.markdownTable());
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }
}
