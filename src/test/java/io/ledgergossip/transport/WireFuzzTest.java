package io.ledgergossip.transport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.ledgergossip.dissemination.DisseminationService;
import io.ledgergossip.identity.IdentityException;
import io.ledgergossip.identity.IdentityValidator;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.testing.Fuzz;
import io.ledgergossip.testing.TestChains;
import io.ledgergossip.testing.TestPki;
import io.ledgergossip.wire.SignedGossip;
import io.ledgergossip.wire.WireException;
import io.ledgergossip.wire.proto.LedgerGossip.ExtensionMessage;
import io.ledgergossip.wire.proto.LedgerGossip.AttachRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.protos.gossip.Message.AliveMessage;
import org.hyperledger.fabric.protos.gossip.Message.Envelope;
import org.hyperledger.fabric.protos.gossip.Message.GossipMessage;
import org.hyperledger.fabric.protos.gossip.Message.Member;
import org.hyperledger.fabric.protos.gossip.Message.PeerTime;
import org.hyperledger.fabric.protos.gossip.Message.Payload;
import org.hyperledger.fabric.protos.gossip.Message.RemoteStateResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzing of what a peer reads from the network once gRPC has framed it: gossip envelope and
 * message parsing, and the ConnEstablish
 * checks with the identity inside. Each gets {@link Fuzz#iterations()} inputs.
 */
class WireFuzzTest {
    private static final int MAX_MESSAGE = 64 * 1024;

    @TempDir
    static Path tmp;

    private static LocalIdentity peer;
    private static IdentityValidator validator;
    private static List<byte[]> envelopes;

    @BeforeAll
    static void samples() throws Exception {
        TestPki pki = new TestPki(tmp);
        peer = pki.peer(1, 0);
        validator = pki.validator();
        var chain = TestChains.sample(3, 2, 200);
        List<Envelope> messages = new ArrayList<>();
        messages.add(Handshake.connEstablish(peer, peer.tlsCertHash()));
        messages.add(SignedGossip.sign(GossipMessage.newBuilder().setTag(GossipMessage.Tag.EMPTY)
                .setAliveMsg(AliveMessage.newBuilder()
                        .setMembership(Member.newBuilder().setEndpoint("127.0.0.1:7051").setPkiId(peer.pkiId().toByteString()))
                        .setTimestamp(PeerTime.newBuilder().setIncNum(1_700_000_000L).setSeqNum(3))
                        .setIdentity(peer.serialized())).build(), peer::sign));
        messages.add(DisseminationService.data(io.ledgergossip.dissemination.GossipChannel.DEFAULT, chain.get(1).block()));
        messages.add(SignedGossip.unsigned(GossipMessage.newBuilder().setTag(GossipMessage.Tag.CHAN_OR_ORG)
                .setStateResponse(RemoteStateResponse.newBuilder()
                        .addPayloads(Payload.newBuilder().setSeqNum(0).setData(chain.get(0).block().toByteString()))
                        .addPayloads(Payload.newBuilder().setSeqNum(2).setData(chain.get(2).block().toByteString()))).build()));
        messages.add(SignedGossip.unsigned(ExtensionMessage.newBuilder().setAttachRequest(AttachRequest.getDefaultInstance()).build(), 9));
        envelopes = messages.stream().map(Envelope::toByteArray).toList();
    }

    @Test
    void gossipMessagesParseOrFailWithWireException() {
        Fuzz.Tally tally = Fuzz.run(82, envelopes, 256, List.of(WireException.class), input -> {
            Envelope envelope = SignedGossip.envelope(input);
            if (!SignedGossip.read(envelope).isExtension()) {
                SignedGossip.open(envelope);
            }
        });
        assertTrue(tally.accepted() > 0 && tally.rejected() > 0, tally.toString());
    }

    @Test
    void connEstablishChecksRefuseEveryDamagedHandshakeWithAReason() throws Exception {
        byte[] tlsHash = peer.tlsCertHash();
        List<byte[]> hello = List.of(envelopes.get(0));
        Fuzz.Tally tally = Fuzz.run(83, hello, 256, List.of(WireException.class, HandshakeException.class),
                input -> Handshake.verify(SignedGossip.envelope(input), tlsHash, null, validator));
        assertTrue(tally.accepted() > 0 && tally.rejected() > 0, tally.toString());
    }

    @Test
    void serializedIdentitiesValidateOrFailWithIdentityException() {
        List<byte[]> identities = List.of(peer.serialized().toByteArray());
        Fuzz.Tally tally = Fuzz.run(84, identities, 256, List.of(IdentityException.class),
                input -> validator.validate(ByteString.copyFrom(input)));
        assertTrue(tally.accepted() > 0 && tally.rejected() > 0, tally.toString());
    }
}
