package io.ledgergossip.cli;

import io.ledgergossip.fixture.network.ConfigException;
import io.ledgergossip.fixture.network.NetworkConfig;
import io.ledgergossip.fixture.network.NetworkConfigLoader;
import io.ledgergossip.fixture.network.NetworkCrypto;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code crypto generate CONFIG --out DIR}: cryptogen for a network config. */
@Command(name = "crypto", mixinStandardHelpOptions = true, description = "Crypto material for a network config.",
        subcommands = CryptoCommand.Generate.class)
final class CryptoCommand {
    @Command(name = "generate", mixinStandardHelpOptions = true,
            footerHeading = "%nExample:%n",
            footer = "  java -jar target/ledger-gossip.jar crypto generate network-config/minimal.yaml --out /tmp/net/crypto%n",
            exitCodeListHeading = ExitCodes.HEADING,
            exitCodeList = {ExitCodes.LIST_OK, ExitCodes.LIST_CANNOT_RUN},
            description = "Writes, like Fabric's cryptogen, one CA per org (and one for the ordering org) and a signing and a "
                    + "TLS certificate for every node, in the MSP layout (msp/cacerts, msp/signcerts, msp/keystore, tls/).")
    static final class Generate implements Callable<Integer> {
        /** About a hundred years: X.509 dates beyond 2049 take another encoding, and nobody needs more. */
        static final int MAX_VALIDITY_DAYS = 36_500;

        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "CONFIG", description = "A network config (network-config/*.yaml).")
        private Path config;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write (must not exist, be empty, or hold an earlier crypto generate's output, which is replaced).")
        private Path out;

        @Option(names = "--validity-days", defaultValue = "365", description = "Certificate validity (default ${DEFAULT-VALUE}).")
        private int validityDays;

        @Override
        public Integer call() {
            try {
                NetworkConfig network = NetworkConfigLoader.load(config);
                Options.between(spec, "--validity-days", validityDays, 1, MAX_VALIDITY_DAYS);
                RunDirectory run = RunDirectory.claim(out, "crypto generate");
                run.entry("peerOrganizations");
                run.entry("ordererOrganizations");
                NetworkCrypto.generate(network, out, Instant.now(), Duration.ofDays(validityDays));
                spec.commandLine().getOut().printf("crypto material for %d orgs and %d peers of %s written to %s%n",
                        network.orgs().size(), network.peers().size(), network.name(), out);
                return ExitCodes.OK;
            } catch (RunDirectory.RefusedException e) {
                spec.commandLine().getErr().println("crypto generate: --out: " + e.getMessage());
                return ExitCodes.CANNOT_RUN;
            } catch (ConfigException | IOException e) {
                spec.commandLine().getErr().println("crypto generate: " + e.getMessage());
                return ExitCodes.CANNOT_RUN;
            }
        }
    }
}
