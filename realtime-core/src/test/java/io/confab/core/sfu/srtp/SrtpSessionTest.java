package io.confab.core.sfu.srtp;

import io.confab.core.wire.NetworkOrder;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Sessions of both profiles, sender against receiver, with good, replayed, forged and broken packets. */
class SrtpSessionTest {
    static final int SSRC = 0x11223344;

    record Pair(OutboundSrtpSession sender, InboundSrtpSession receiver) {
        static Pair of(SrtpProfile profile) {
            SrtpKeys keys = Packets.keys(profile, 9);
            return new Pair(new OutboundSrtpSession(profile, keys), new InboundSrtpSession(profile, keys));
        }
    }

    /** Protects an RTP packet with the sequence number and returns exactly the bytes on the wire. */
    static byte[] send(OutboundSrtpSession sender, int ssrc, int sequence, byte[] payload) {
        byte[] packet = Packets.rtp(ssrc, sequence, payload);
        int length = sender.protectRtp(packet, 0, Packets.rtpLength(payload));
        assertFalse(SrtpFailure.isFailure(length), () -> "protect failed: " + SrtpFailure.of(length));
        return Arrays.copyOf(packet, length);
    }

    static int receive(InboundSrtpSession receiver, byte[] wire) {
        return receiver.unprotectRtp(wire.clone(), 0, wire.length);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtpRoundTripsAndOnlyThePayloadIsEncrypted(SrtpProfile profile) {
        Pair pair = Pair.of(profile);
        byte[] payload = Packets.payload(160, 3);
        byte[] plain = Arrays.copyOf(Packets.rtp(SSRC, 1000, payload), Packets.rtpLength(payload));

        byte[] wire = send(pair.sender, SSRC, 1000, payload);

        assertEquals(plain.length + profile.tagLength(), wire.length);
        assertArrayEquals(Arrays.copyOf(plain, 12), Arrays.copyOf(wire, 12), "header changed");
        assertFalse(Arrays.equals(payload, Arrays.copyOfRange(wire, 12, 12 + payload.length)), "payload in clear");
        int length = pair.receiver.unprotectRtp(wire, 0, wire.length);
        assertEquals(plain.length, length);
        assertArrayEquals(plain, Arrays.copyOf(wire, length));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void csrcsAndHeaderExtensionStayInClear(SrtpProfile profile) {
        Pair pair = Pair.of(profile);
        byte[] payload = Packets.payload(50, 8);
        // V=2, X=1, CC=2; two CSRCs; a one-byte-header extension (RFC 8285) of 2 words.
        byte[] header = Packets.hex("""
                92 60 0001 00000064 11223344
                aaaaaaaa bbbbbbbb
                bede 0002 10ff2233 44550000""");
        byte[] packet = new byte[header.length + payload.length + Packets.SPARE];
        System.arraycopy(header, 0, packet, 0, header.length);
        System.arraycopy(payload, 0, packet, header.length, payload.length);
        byte[] plain = Arrays.copyOf(packet, header.length + payload.length);

        int length = pair.sender.protectRtp(packet, 0, plain.length);

        assertEquals(plain.length + profile.tagLength(), length);
        assertArrayEquals(header, Arrays.copyOf(packet, header.length), "header bytes changed");
        assertFalse(Arrays.equals(payload, Arrays.copyOfRange(packet, header.length, plain.length)));
        assertEquals(plain.length, pair.receiver.unprotectRtp(packet, 0, length));
        assertArrayEquals(plain, Arrays.copyOf(packet, plain.length));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void packetsAtAnOffsetInALargerArrayRoundTrip(SrtpProfile profile) {
        Pair pair = Pair.of(profile);
        byte[] payload = Packets.payload(40, 5);
        byte[] plain = Arrays.copyOf(Packets.rtp(SSRC, 7, payload), Packets.rtpLength(payload));
        byte[] array = new byte[30 + plain.length + 30];
        System.arraycopy(plain, 0, array, 30, plain.length);

        int length = pair.sender.protectRtp(array, 30, plain.length);

        assertEquals(0, array[29], "wrote before the packet");
        assertEquals(plain.length, pair.receiver.unprotectRtp(array, 30, length));
        assertArrayEquals(plain, Arrays.copyOfRange(array, 30, 30 + plain.length));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void protectingIntoAnotherArrayGivesTheInPlaceBytesAndLeavesTheSourceInClear(SrtpProfile profile) {
        byte[] payload = Packets.payload(1180, 4);
        int length = Packets.rtpLength(payload);
        byte[] inPlace = Packets.rtp(SSRC, 300, payload);
        byte[] source = Packets.rtp(SSRC, 300, payload);
        byte[] target = new byte[40 + length + Packets.SPARE];

        int expected = Pair.of(profile).sender.protectRtp(inPlace, 0, length);
        Pair pair = Pair.of(profile);
        int written = pair.sender.protectRtp(source, 0, length, target, 40);

        assertEquals(expected, written);
        assertArrayEquals(Arrays.copyOf(inPlace, expected), Arrays.copyOfRange(target, 40, 40 + written));
        assertArrayEquals(Packets.rtp(SSRC, 300, payload), source, "the source changed");
        assertEquals(length, pair.receiver.unprotectRtp(target, 40, written));
        assertArrayEquals(Arrays.copyOf(source, length), Arrays.copyOfRange(target, 40, 40 + length));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void protectingIntoAnotherArrayNeedsRoomForTheTagThereAndRefusesAnOverlap(SrtpProfile profile) {
        OutboundSrtpSession sender = Pair.of(profile).sender;
        byte[] source = Packets.rtp(SSRC, 5, Packets.payload(100, 2));
        int length = Packets.rtpLength(Packets.payload(100, 2));

        assertEquals(SrtpFailure.NO_ROOM.code(), sender.protectRtp(source, 0, length, new byte[length + profile.tagLength() - 1], 0));
        assertEquals(SrtpFailure.NO_ROOM.code(), sender.protectRtp(source, 0, length, null, 0));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> sender.protectRtp(source, 0, length - 4, source, 4));
        assertEquals(2, sender.failures(SrtpFailure.NO_ROOM));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void tamperedPayloadHeaderOrTagFailsAuthentication(SrtpProfile profile) {
        Pair pair = Pair.of(profile);
        byte[] wire = send(pair.sender, SSRC, 1, Packets.payload(100, 1));

        for (int position : new int[] {1, 12, 60, wire.length - 1}) {
            byte[] tampered = wire.clone();
            tampered[position] ^= 0x01;
            assertEquals(SrtpFailure.AUTH_FAILED.code(), receive(pair.receiver, tampered), "byte " + position);
        }
        assertEquals(4, pair.receiver.failures(SrtpFailure.AUTH_FAILED));
        assertEquals(wire.length - profile.tagLength(), receive(pair.receiver, wire));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void packetFromOtherKeysFailsAuthentication(SrtpProfile profile) {
        OutboundSrtpSession stranger = new OutboundSrtpSession(profile, Packets.keys(profile, 10));
        byte[] wire = send(stranger, SSRC, 1, Packets.payload(20, 1));

        assertEquals(SrtpFailure.AUTH_FAILED.code(), receive(Pair.of(profile).receiver, wire));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void replayedPacketIsRefused(SrtpProfile profile) {
        Pair pair = Pair.of(profile);
        byte[] wire = send(pair.sender, SSRC, 500, Packets.payload(30, 2));

        assertEquals(42, receive(pair.receiver, wire));
        assertEquals(SrtpFailure.REPLAYED.code(), receive(pair.receiver, wire));
        assertEquals(1, pair.receiver.failures(SrtpFailure.REPLAYED));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void outOfOrderPacketsInsideTheWindowAreAcceptedOnce(SrtpProfile profile) {
        Pair pair = Pair.of(profile);
        byte[][] wire = new byte[70][];
        for (int i = 0; i < wire.length; i++) {
            wire[i] = send(pair.sender, SSRC, 100 + i, Packets.payload(10, i));
        }

        assertEquals(22, receive(pair.receiver, wire[69]));
        assertEquals(22, receive(pair.receiver, wire[6]), "63 behind the highest is inside the window");
        assertEquals(SrtpFailure.REPLAYED.code(), receive(pair.receiver, wire[6]));
        assertEquals(SrtpFailure.TOO_OLD.code(), receive(pair.receiver, wire[5]), "64 behind is outside");
        assertEquals(SrtpFailure.TOO_OLD.code(), receive(pair.receiver, wire[0]));
        assertEquals(22, receive(pair.receiver, wire[68]));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void packetFarBehindTheWindowIsTooOld(SrtpProfile profile) {
        Pair pair = Pair.of(profile);
        byte[] old = send(pair.sender, SSRC, 10, Packets.payload(10, 1));
        byte[] recent = send(pair.sender, SSRC, 20_000, Packets.payload(10, 2));

        assertEquals(22, receive(pair.receiver, recent));
        assertEquals(SrtpFailure.TOO_OLD.code(), receive(pair.receiver, old));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void sequenceWrapMovesTheRolloverCounterOnBothSides(SrtpProfile profile) {
        Pair pair = Pair.of(profile);
        byte[] beforeLast = send(pair.sender, SSRC, 65534, Packets.payload(10, 1));
        byte[] last = send(pair.sender, SSRC, 65535, Packets.payload(10, 2));
        byte[] wrapped = send(pair.sender, SSRC, 0, Packets.payload(10, 3));
        byte[] next = send(pair.sender, SSRC, 1, Packets.payload(10, 4));

        // Wrong rollover counters would fail authentication (SRTP tags cover the ROC; GCM IVs hold it).
        assertEquals(22, receive(pair.receiver, last));
        assertEquals(22, receive(pair.receiver, wrapped));
        assertEquals(22, receive(pair.receiver, beforeLast), "a late packet from ROC 0 after the wrap");
        assertEquals(22, receive(pair.receiver, next));
        assertEquals(SrtpFailure.REPLAYED.code(), receive(pair.receiver, wrapped));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void senderWithRolloverCounterOneIsNotReadWithZero(SrtpProfile profile) {
        Pair pair = Pair.of(profile);
        send(pair.sender, SSRC, 65535, Packets.payload(10, 1));
        byte[] wrapped = send(pair.sender, SSRC, 0, Packets.payload(10, 3));

        // The receiver never saw the wrap, so it takes ROC 0 for its first packet, and the tag tells.
        assertEquals(SrtpFailure.AUTH_FAILED.code(), receive(pair.receiver, wrapped));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void failedPacketLeavesReplayStateUntouched(SrtpProfile profile) {
        Pair pair = Pair.of(profile);
        byte[] first = send(pair.sender, SSRC, 1, Packets.payload(10, 1));
        byte[] far = send(pair.sender, SSRC, 30_000, Packets.payload(10, 2));
        assertEquals(22, receive(pair.receiver, first));

        byte[] forged = far.clone();
        forged[15] ^= 0x40;
        assertEquals(SrtpFailure.AUTH_FAILED.code(), receive(pair.receiver, forged));

        assertEquals(22, receive(pair.receiver, far), "the forged copy must not mark the index as seen");
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void senderRefusesToProtectTheSameIndexTwice(SrtpProfile profile) {
        Pair pair = Pair.of(profile);
        send(pair.sender, SSRC, 9, Packets.payload(10, 1));
        byte[] again = Packets.rtp(SSRC, 9, Packets.payload(10, 2));

        assertEquals(SrtpFailure.REPLAYED.code(), pair.sender.protectRtp(again, 0, 22));
        assertEquals(1, pair.sender.failures(SrtpFailure.REPLAYED));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void streamsKeepSeparateState(SrtpProfile profile) {
        Pair pair = Pair.of(profile);
        byte[] a = send(pair.sender, 1, 5, Packets.payload(10, 1));
        byte[] b = send(pair.sender, 2, 5, Packets.payload(10, 1));

        assertNotEquals(Arrays.toString(a), Arrays.toString(b));
        assertEquals(22, receive(pair.receiver, a));
        assertEquals(22, receive(pair.receiver, b), "same sequence number on another SSRC is no replay");
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void truncatedAndMalformedRtpIsRefusedWithoutThrowing(SrtpProfile profile) {
        Pair pair = Pair.of(profile);
        byte[] wire = send(pair.sender, SSRC, 1, Packets.payload(10, 1));
        byte[] version1 = wire.clone();
        version1[0] = 0x40;
        byte[] csrcsPastEnd = wire.clone();
        csrcsPastEnd[0] = (byte) 0x8F;
        byte[] extensionPastEnd = wire.clone();
        extensionPastEnd[0] = (byte) 0x90;

        for (byte[] bad : new byte[][] {new byte[0], Arrays.copyOf(wire, 11), Arrays.copyOf(wire, 12),
            Arrays.copyOf(wire, 11 + profile.tagLength()), version1, csrcsPastEnd, extensionPastEnd}) {
            assertEquals(SrtpFailure.MALFORMED.code(), receive(pair.receiver, bad), () -> Arrays.toString(bad));
        }
        assertEquals(SrtpFailure.MALFORMED.code(), pair.receiver.unprotectRtp(wire, 5, wire.length));
        assertEquals(SrtpFailure.MALFORMED.code(), pair.receiver.unprotectRtp(wire, -1, 10));
        assertEquals(SrtpFailure.MALFORMED.code(), pair.receiver.unprotectRtp(null, 0, 0));
        assertEquals(SrtpFailure.AUTH_FAILED.code(), receive(pair.receiver, Arrays.copyOf(wire, wire.length - 1)));
        assertEquals(10, pair.receiver.failures(SrtpFailure.MALFORMED));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void protectRefusesMalformedRtpAndMissingRoom(SrtpProfile profile) {
        OutboundSrtpSession sender = Pair.of(profile).sender;
        byte[] tight = Arrays.copyOf(Packets.rtp(SSRC, 1, Packets.payload(10, 1)), 22 + profile.tagLength() - 1);
        byte[] version0 = Packets.rtp(SSRC, 1, Packets.payload(10, 1));
        version0[0] = 0;

        assertEquals(SrtpFailure.NO_ROOM.code(), sender.protectRtp(tight, 0, 22));
        assertEquals(SrtpFailure.MALFORMED.code(), sender.protectRtp(version0, 0, 22));
        assertEquals(SrtpFailure.MALFORMED.code(), sender.protectRtp(new byte[40], 0, 11));
        assertEquals(SrtpFailure.MALFORMED.code(), sender.protectRtp(new byte[10], 0, 22));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtcpRoundTripsWithTheEFlagSetAndAnIndexPerPacket(SrtpProfile profile) {
        Pair pair = Pair.of(profile);
        byte[] body = Packets.payload(44, 6);
        byte[] plain = Arrays.copyOf(Packets.rtcp(SSRC, body), 52);

        for (int index = 0; index < 3; index++) {
            byte[] packet = Packets.rtcp(SSRC, body);
            int length = pair.sender.protectRtcp(packet, 0, 52);

            assertEquals(52 + profile.rtcpOverhead(), length);
            assertArrayEquals(Arrays.copyOf(plain, 8), Arrays.copyOf(packet, 8), "first 8 bytes stay in clear");
            assertFalse(Arrays.equals(body, Arrays.copyOfRange(packet, 8, 52)), "body in clear");
            int word = NetworkOrder.readInt(packet, profile.srtcpIndexPosition(length));
            assertEquals(0x80000000 | index, word, "E flag and SRTCP index");
            assertEquals(52, pair.receiver.unprotectRtcp(packet, 0, length));
            assertArrayEquals(plain, Arrays.copyOf(packet, 52));
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtcpReplayTamperingAndTruncationAreRefused(SrtpProfile profile) {
        Pair pair = Pair.of(profile);
        byte[] packet = Packets.rtcp(SSRC, Packets.payload(20, 4));
        int length = pair.sender.protectRtcp(packet, 0, 28);
        byte[] wire = Arrays.copyOf(packet, length);

        byte[] tampered = wire.clone();
        tampered[10] ^= 0x10;
        byte[] otherIndex = wire.clone();
        otherIndex[profile.srtcpIndexPosition(length) + 3] ^= 0x01;
        assertEquals(SrtpFailure.AUTH_FAILED.code(), pair.receiver.unprotectRtcp(tampered, 0, length));
        assertEquals(SrtpFailure.AUTH_FAILED.code(), pair.receiver.unprotectRtcp(otherIndex, 0, length));
        assertEquals(SrtpFailure.MALFORMED.code(),
                pair.receiver.unprotectRtcp(wire.clone(), 0, 8 + profile.rtcpOverhead() - 1));
        assertEquals(SrtpFailure.MALFORMED.code(), pair.receiver.unprotectRtcp(wire.clone(), 0, 4));
        assertEquals(SrtpFailure.MALFORMED.code(), pair.receiver.unprotectRtcp(wire.clone(), 1, length));

        assertEquals(28, pair.receiver.unprotectRtcp(wire.clone(), 0, length));
        assertEquals(SrtpFailure.REPLAYED.code(), pair.receiver.unprotectRtcp(wire.clone(), 0, length));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtcpFarBehindTheWindowIsTooOld(SrtpProfile profile) {
        Pair pair = Pair.of(profile);
        byte[][] wire = new byte[66][];
        for (int i = 0; i < wire.length; i++) {
            byte[] packet = Packets.rtcp(SSRC, Packets.payload(8, i));
            wire[i] = Arrays.copyOf(packet, pair.sender.protectRtcp(packet, 0, 16));
        }

        assertEquals(16, pair.receiver.unprotectRtcp(wire[65].clone(), 0, wire[65].length));
        assertEquals(16, pair.receiver.unprotectRtcp(wire[2].clone(), 0, wire[2].length));
        assertEquals(SrtpFailure.TOO_OLD.code(), pair.receiver.unprotectRtcp(wire[1].clone(), 0, wire[1].length));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void protectRtcpRefusesMalformedPacketsAndMissingRoom(SrtpProfile profile) {
        OutboundSrtpSession sender = Pair.of(profile).sender;
        byte[] packet = Packets.rtcp(SSRC, new byte[8]);

        assertEquals(SrtpFailure.MALFORMED.code(), sender.protectRtcp(packet, 0, 7));
        assertEquals(SrtpFailure.NO_ROOM.code(), sender.protectRtcp(Arrays.copyOf(packet, 20), 0, 16));
        packet[0] = 0x40;
        assertEquals(SrtpFailure.MALFORMED.code(), sender.protectRtcp(packet, 0, 16));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void sessionKeepsStateForABoundedNumberOfStreams(SrtpProfile profile) {
        OutboundSrtpSession sender = Pair.of(profile).sender;
        for (int ssrc = 0; ssrc < StreamTable.MAX_STREAMS; ssrc++) {
            send(sender, ssrc, 1, new byte[0]);
        }
        byte[] oneMore = Packets.rtp(-1, 1, new byte[0]);

        assertEquals(SrtpFailure.STREAM_LIMIT.code(), sender.protectRtp(oneMore, 0, 12));
        send(sender, 17, 2, new byte[0]);
    }
}
