package io.ledgergossip.cli;

import picocli.CommandLine.IVersionProvider;

final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = LedgerGossipCli.class.getPackage().getImplementationVersion();
        return new String[] {"ledger-gossip " + (version == null ? "(development build)" : version)};
    }
}
