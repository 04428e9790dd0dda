package io.confab.core.stun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every way the decoder refuses bytes, each with its reason; and nothing it is fed makes it throw. */
class StunDecoderBadInputTest {

    private static StunParseError.Reason refusal(byte[] bytes) {
        StunParseResult result = StunDecoder.decode(bytes);
        return assertInstanceOf(StunParseError.class, result, () -> "expected a refusal, got " + result).reason();
    }

    private static byte[] withShort(byte[] bytes, int at, int value) {
        byte[] copy = bytes.clone();
        copy[at] = (byte) (value >>> 8);
        copy[at + 1] = (byte) value;
        return copy;
    }

    private static byte[] request(StunMessageBuilder builder) {
        return builder.encode();
    }

    private static StunMessageBuilder binding() {
        return new StunMessageBuilder(StunClass.REQUEST, StunMethod.BINDING, TransactionId.random());
    }

    @Test
    void fewerThanTwentyBytesAreTooShort() {
        assertEquals(StunParseError.Reason.TOO_SHORT, refusal(new byte[0]));
        assertEquals(StunParseError.Reason.TOO_SHORT, refusal(Arrays.copyOf(Rfc5769.SAMPLE_REQUEST, 19)));
        assertEquals(StunParseError.Reason.TOO_SHORT, StunDecoder.decode(Rfc5769.SAMPLE_REQUEST, 100, 20) instanceof StunParseError e ? e.reason() : null);
        assertEquals(StunParseError.Reason.TOO_SHORT, StunDecoder.decode(null, 0, 0) instanceof StunParseError e ? e.reason() : null);
    }

    @Test
    void firstTwoBitsSetIsNotStun() {
        byte[] rtpLike = Rfc5769.SAMPLE_REQUEST.clone();
        rtpLike[0] = (byte) 0x80;
        assertEquals(StunParseError.Reason.NOT_STUN, refusal(rtpLike));
    }

    @Test
    void wrongMagicCookieIsRefused() {
        byte[] classic = Rfc5769.SAMPLE_REQUEST.clone();
        classic[4] ^= 1;
        assertEquals(StunParseError.Reason.BAD_MAGIC_COOKIE, refusal(classic));
    }

    @Test
    void lengthNotAMultipleOfFourOrBeyondTheBytesIsBadLength() {
        assertEquals(StunParseError.Reason.BAD_LENGTH, refusal(withShort(Rfc5769.SAMPLE_REQUEST, 2, 0x57)));
        assertEquals(StunParseError.Reason.BAD_LENGTH, refusal(withShort(Rfc5769.SAMPLE_REQUEST, 2, 0x5C)));
        assertEquals(StunParseError.Reason.BAD_LENGTH,
                refusal(Arrays.copyOf(Rfc5769.SAMPLE_REQUEST, Rfc5769.SAMPLE_REQUEST.length - 4)));
    }

    @Test
    void attributeRunningPastTheMessageIsTruncated() {
        // SOFTWARE claims 0x40 bytes in a 0x58-byte body that holds other attributes after it.
        assertEquals(StunParseError.Reason.TRUNCATED_ATTRIBUTE, refusal(withShort(Rfc5769.SAMPLE_REQUEST, 22, 0x0100)));
        // A message length that stops inside an attribute header.
        byte[] cut = withShort(Rfc5769.SAMPLE_REQUEST, 2, 0x18);
        assertEquals(StunParseError.Reason.TRUNCATED_ATTRIBUTE, refusal(Arrays.copyOf(cut, 20 + 0x18)));
    }

    @Test
    void knownAttributesWithImpossibleLengthsAreBadValues() {
        for (int type : List.of(AttributeType.MESSAGE_INTEGRITY, AttributeType.FINGERPRINT, AttributeType.PRIORITY,
                AttributeType.ICE_CONTROLLING, AttributeType.LIFETIME, AttributeType.CHANNEL_NUMBER,
                AttributeType.REQUESTED_TRANSPORT, AttributeType.XOR_PEER_ADDRESS, AttributeType.MAPPED_ADDRESS,
                AttributeType.USERHASH, AttributeType.MESSAGE_INTEGRITY_SHA256, AttributeType.ERROR_CODE,
                AttributeType.USE_CANDIDATE, AttributeType.UNKNOWN_ATTRIBUTES)) {
            byte[] message = request(binding().add(type, new byte[3]));
            assertEquals(StunParseError.Reason.BAD_ATTRIBUTE_VALUE, refusal(message), AttributeType.name(type));
        }
    }

    @Test
    void addressWithUnknownFamilyIsABadValue() {
        byte[] value = {0, 3, 0, 1, 1, 2, 3, 4};
        assertEquals(StunParseError.Reason.BAD_ATTRIBUTE_VALUE, refusal(request(binding().add(AttributeType.XOR_MAPPED_ADDRESS, value))));
    }

    @Test
    void errorCodeOutsideClassesThreeToSixIsABadValue() {
        byte[] value = {0, 0, 2, 0};
        assertEquals(StunParseError.Reason.BAD_ATTRIBUTE_VALUE, refusal(request(binding().add(AttributeType.ERROR_CODE, value))));
    }

    @Test
    void anythingAfterFingerprintIsRefused() {
        byte[] signed = binding().fingerprint().encode();
        byte[] extended = Arrays.copyOf(signed, signed.length + 8);
        extended[signed.length + 1] = 0x25; // USE-CANDIDATE, empty: well-formed, but after FINGERPRINT
        extended = withShort(extended, 2, extended.length - 20);
        assertEquals(StunParseError.Reason.FINGERPRINT_NOT_LAST, refusal(extended));
    }

    @Test
    void unknownMethodIsRefused() {
        byte[] message = withShort(binding().encode(), 0, 0x0002);
        assertEquals(StunParseError.Reason.UNKNOWN_METHOD, refusal(message));
    }

    @Test
    void attributesAfterMessageIntegrityAreIgnoredExceptTheSha256OneAndFingerprint() {
        IntegrityKey key = IntegrityKey.shortTerm("secret");
        byte[] signed = binding().messageIntegrity(key).encode();
        byte[] extended = ByteBuffer.allocate(signed.length + 8).put(signed)
                .putShort((short) AttributeType.PRIORITY).putShort((short) 4).putInt(7).array();
        extended = withShort(extended, 2, extended.length - 20);

        StunMessage message = assertInstanceOf(StunMessage.class, StunDecoder.decode(extended));
        assertFalse(message.has(AttributeType.PRIORITY), "PRIORITY after MESSAGE-INTEGRITY must be ignored");
        assertEquals(IntegrityCheck.VALID, MessageIntegrity.verifySha1(message, key));
    }

    @Test
    void bytesAfterTheMessageAreIgnored() {
        byte[] padded = Arrays.copyOf(Rfc5769.SAMPLE_REQUEST, Rfc5769.SAMPLE_REQUEST.length + 5);
        StunMessage message = assertInstanceOf(StunMessage.class, StunDecoder.decode(padded));
        assertEquals(IntegrityCheck.VALID, MessageIntegrity.verifyFingerprint(message));
    }

    @Test
    void aFlippedBitBreaksTheFingerprintAndIntegrity() {
        byte[] flipped = Rfc5769.SAMPLE_REQUEST.clone();
        flipped[30] ^= 1; // inside SOFTWARE
        StunMessage message = assertInstanceOf(StunMessage.class, StunDecoder.decode(flipped));
        assertEquals(IntegrityCheck.INVALID, MessageIntegrity.verifyFingerprint(message));
        assertEquals(IntegrityCheck.INVALID,
                MessageIntegrity.verifySha1(message, IntegrityKey.shortTerm(Rfc5769.SHORT_TERM_PASSWORD)));
    }

    @Test
    void decodingFromAByteBufferLeavesItsPositionAlone() {
        ByteBuffer buffer = ByteBuffer.wrap(Rfc5769.SAMPLE_IPV4_RESPONSE);
        assertInstanceOf(StunMessage.class, StunDecoder.decode(buffer));
        assertEquals(0, buffer.position());
    }

    @Test
    void randomMutationsOfTheVectorsNeverThrow() {
        Random random = new Random(5769);
        List<byte[]> seeds = List.of(Rfc5769.SAMPLE_REQUEST, Rfc5769.SAMPLE_IPV4_RESPONSE, Rfc5769.SAMPLE_IPV6_RESPONSE,
                Rfc5769.LONG_TERM_REQUEST, Rfc5769.SHA256_USERHASH_REQUEST);
        IntegrityKey key = IntegrityKey.shortTerm("k");
        int parsed = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] seed = seeds.get(i % seeds.size());
            byte[] bytes = mutate(seed, random, i % 4);
            StunParseResult result = StunDecoder.decode(bytes, 0, bytes.length);
            StunDecoder.looksLikeStun(bytes);
            PacketKind.of(bytes);
            if (result instanceof StunMessage message) {
                parsed++;
                exerciseEveryAccessor(message, key);
            }
        }
        assertTrue(parsed > 100, "the mutations should still leave some parseable messages, parsed " + parsed);
    }

    private static byte[] mutate(byte[] seed, Random random, int kind) {
        switch (kind) {
            case 0 -> {
                return Arrays.copyOf(seed, random.nextInt(seed.length + 1));
            }
            case 1 -> {
                byte[] copy = seed.clone();
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    copy[20 + random.nextInt(copy.length - 20)] ^= (byte) (1 << random.nextInt(8));
                }
                return copy;
            }
            case 2 -> {
                byte[] copy = seed.clone();
                copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
                return copy;
            }
            default -> {
                byte[] body = new byte[4 * random.nextInt(30)];
                random.nextBytes(body);
                return ByteBuffer.allocate(20 + body.length).putShort((short) 0x0001).putShort((short) body.length)
                        .putInt(StunDecoder.MAGIC_COOKIE).put(Rfc5769.SAMPLE_TRANSACTION.bytes()).put(body).array();
            }
        }
    }

    private static void exerciseEveryAccessor(StunMessage message, IntegrityKey key) {
        MessageIntegrity.verifySha1(message, key);
        MessageIntegrity.verifySha256(message, key);
        MessageIntegrity.verifyFingerprint(message);
        message.username();
        message.userhash();
        message.realm();
        message.nonce();
        message.software();
        message.errorCode();
        message.mappedAddress();
        message.alternateServer();
        message.xorMappedAddress();
        message.xorRelayedAddress();
        message.xorPeerAddresses();
        message.unknownAttributes();
        message.passwordAlgorithms();
        message.passwordAlgorithm();
        message.lifetime();
        message.channelNumber();
        message.requestedTransport();
        message.requestedAddressFamily();
        message.evenPortReserveNext();
        message.reservationToken();
        message.data();
        message.priority();
        message.iceControlling();
        message.iceControlled();
        message.unknownComprehensionRequired();
    }
}
