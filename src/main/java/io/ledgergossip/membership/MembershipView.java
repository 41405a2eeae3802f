package io.ledgergossip.membership;

import io.ledgergossip.identity.PkiId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The membership table and its rules, without I/O: an alive message is taken only if its
 * PeerTime is newer than the one held (so stale and replayed messages change nothing), and a
 * member not heard from for the expiration timeout is dead until a newer alive message comes.
 */
public final class MembershipView {
    /** What an offered alive message did to the table. */
    public enum Verdict { NEW, UPDATED, RESURRECTED, STALE }

    private final Map<PkiId, Member> members = new LinkedHashMap<>();

    public Verdict offer(VerifiedAlive alive, long now) {
        PkiId id = alive.identity().pkiId();
        Member known = members.get(id);
        if (known != null && !known.isOlderThan(alive.incNum(), alive.seqNum())) {
            return Verdict.STALE;
        }
        members.put(id, new Member(alive.identity(), alive.endpoint(), alive.metadata(), alive.incNum(), alive.seqNum(),
                true, now, alive.envelope()));
        if (known == null) {
            return Verdict.NEW;
        }
        return known.alive() ? Verdict.UPDATED : Verdict.RESURRECTED;
    }

    /** Adds a member known from before a restart: dead until it is heard of again. */
    public void remember(VerifiedAlive alive) {
        members.putIfAbsent(alive.identity().pkiId(), new Member(alive.identity(), alive.endpoint(), alive.metadata(),
                alive.incNum(), alive.seqNum(), false, 0, alive.envelope()));
    }

    /** Marks as dead every alive member last heard before {@code now - timeoutMillis}; returns them. */
    public List<Member> expire(long now, long timeoutMillis) {
        List<Member> died = new ArrayList<>();
        for (Map.Entry<PkiId, Member> e : members.entrySet()) {
            Member m = e.getValue();
            if (m.alive() && now - m.lastHeardMillis() > timeoutMillis) {
                Member dead = m.withAlive(false);
                e.setValue(dead);
                died.add(dead);
            }
        }
        return died;
    }

    public Optional<Member> get(PkiId id) {
        return Optional.ofNullable(members.get(id));
    }

    public List<Member> alive() {
        return members.values().stream().filter(Member::alive).toList();
    }

    public Collection<Member> all() {
        return List.copyOf(members.values());
    }
}
