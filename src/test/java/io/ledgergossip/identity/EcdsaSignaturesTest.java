package io.ledgergossip.identity;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ledgergossip.testing.TestPki;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EcdsaSignaturesTest {
    @TempDir
    Path tmp;

    private LocalIdentity signer;
    private PublicKey key;
    private final byte[] message = "block 42".getBytes(StandardCharsets.UTF_8);

    @BeforeEach
    void setUp() throws Exception {
        signer = new TestPki(tmp).peer(1, 0);
        key = signer.signCert().getPublicKey();
    }

    @Test
    void signaturesAreAlwaysLowSAndVerify() throws Exception {
        BigInteger half = EcdsaSignatures.P256_ORDER.shiftRight(1);
        for (int i = 0; i < 200; i++) {
            byte[] sig = signer.sign(message);
            assertTrue(EcdsaSignatures.decode(sig)[1].compareTo(half) <= 0);
            EcdsaSignatures.verify(key, message, sig);
        }
    }

    @Test
    void highSTwinOfAValidSignatureIsRefused() throws Exception {
        byte[] sig = signer.sign(message);
        BigInteger[] rs = EcdsaSignatures.decode(sig);
        byte[] highS = EcdsaSignatures.encode(rs[0], EcdsaSignatures.P256_ORDER.subtract(rs[1]));
        IdentityException e = assertThrows(IdentityException.class, () -> EcdsaSignatures.verify(key, message, highS));
        assertTrue(e.getMessage().contains("high-S"), e.getMessage());
    }

    @Test
    void otherMessageOtherKeyAndMalformedEncodingsAreRefused() throws Exception {
        byte[] sig = signer.sign(message);
        assertThrows(IdentityException.class, () -> EcdsaSignatures.verify(key, "block 43".getBytes(StandardCharsets.UTF_8), sig));
        PublicKey other = new TestPki(tmp.resolve("other")).peer(1, 1).signCert().getPublicKey();
        assertThrows(IdentityException.class, () -> EcdsaSignatures.verify(other, message, sig));

        byte[] trailing = Arrays.copyOf(sig, sig.length + 1);
        assertThrows(IdentityException.class, () -> EcdsaSignatures.verify(key, message, trailing));

        // the same SEQUENCE with a BER long-form length: not DER
        byte[] ber = new byte[sig.length + 1];
        ber[0] = 0x30;
        ber[1] = (byte) 0x81;
        ber[2] = sig[1];
        System.arraycopy(sig, 2, ber, 3, sig.length - 2);
        IdentityException e = assertThrows(IdentityException.class, () -> EcdsaSignatures.verify(key, message, ber));
        assertTrue(e.getMessage().contains("invalid signature"), e.getMessage());

        assertThrows(IdentityException.class, () -> EcdsaSignatures.verify(key, message, new byte[0]));
        assertThrows(IdentityException.class, () -> EcdsaSignatures.verify(key, message, new byte[200]));
    }
}
