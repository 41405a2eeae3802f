package io.ledgergossip.cli;

import io.ledgergossip.util.BuildInfo;
import picocli.CommandLine.IVersionProvider;

final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"ledger-gossip " + BuildInfo.version() + " (commit " + BuildInfo.gitCommit() + ")",
            "Java " + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
    }
}
