package io.ledgergossip.topology;

import io.ledgergossip.identity.PkiId;
import io.ledgergossip.membership.Member;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Where a routed message goes next, decided from the local view only: straight to the target when
 * connected to it; from an ordinary peer, to its parent (or another super node of its org); from a
 * super node, to the target's parent.
 */
public final class NextHop {
    /** The next hop, or the reason there is none. */
    public record Decision(PkiId next, String failure) {
        static Decision to(PkiId next) {
            return new Decision(next, null);
        }

        static Decision fail(String reason) {
            return new Decision(null, reason);
        }

        public boolean found() {
            return next != null;
        }
    }

    private NextHop() {}

    /**
     * @param self this peer
     * @param superNode whether this peer is a super node
     * @param parent this ordinary peer's parent, or null
     * @param connected peers this peer has a connection to
     * @param members what membership knows, by PKI-ID
     * @param cameFrom the hop the message came from (never sent back there), or null at the origin
     */
    public static Decision choose(PkiId self, String selfMspId, boolean superNode, PkiId parent, PkiId target,
            Set<PkiId> connected, Function<PkiId, Optional<Member>> members, PkiId cameFrom) {
        Optional<Member> known = members.apply(target);
        if (known.isPresent() && !known.get().isLedgerGossip()) {
            return Decision.fail("target is a Fabric peer: it takes no routed messages");
        }
        if (connected.contains(target)) {
            return Decision.to(target);
        }
        Optional<Member> targetMember = members.apply(target);
        if (targetMember.isEmpty()) {
            return Decision.fail("unknown target");
        }
        if (!targetMember.get().alive()) {
            return Decision.fail("target dead");
        }
        if (!superNode) {
            if (parent != null && connected.contains(parent) && !parent.equals(cameFrom)) {
                return Decision.to(parent);
            }
            for (PkiId peer : connected) {
                Optional<Member> m = members.apply(peer);
                if (!peer.equals(cameFrom) && m.isPresent() && m.get().alive() && m.get().isSuperNode()
                        && m.get().mspId().equals(selfMspId)) {
                    return Decision.to(peer);
                }
            }
            return Decision.fail("no route: not connected to a super node of " + selfMspId);
        }
        Member t = targetMember.get();
        if (t.isSuperNode()) {
            return Decision.fail("no route: not connected to super node " + t.identity().commonName());
        }
        if (t.metadata().getParentPkiId().isEmpty()) {
            return Decision.fail("no route: target has no parent");
        }
        PkiId targetParent = PkiId.fromBytes(t.metadata().getParentPkiId());
        if (targetParent.equals(self)) {
            return Decision.fail("target unreachable: child not connected");
        }
        if (connected.contains(targetParent) && !targetParent.equals(cameFrom)) {
            return Decision.to(targetParent);
        }
        return Decision.fail("no route: not connected to the target's parent");
    }
}
