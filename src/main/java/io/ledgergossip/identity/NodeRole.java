package io.ledgergossip.identity;

/** What a node is, as Fabric's cryptogen lays out its material and its NodeOUs name it. */
public enum NodeRole {
    PEER("peerOrganizations", "peers", "peer"),
    ORDERER("ordererOrganizations", "orderers", "orderer");

    private final String orgsDir;
    private final String nodesDir;
    private final String ou;

    NodeRole(String orgsDir, String nodesDir, String ou) {
        this.orgsDir = orgsDir;
        this.nodesDir = nodesDir;
        this.ou = ou;
    }

    public String orgsDir() {
        return orgsDir;
    }

    public String nodesDir() {
        return nodesDir;
    }

    /** The organizational unit in the node's certificate (Fabric's NodeOUs). */
    public String ou() {
        return ou;
    }
}
