package io.confab.core.sfu;

import io.confab.core.mediaplane.MediaPlane;
import io.confab.core.sfu.ice.IceCredentials;
import io.confab.core.sfu.ice.IceLiteAgent;
import io.confab.core.sfu.rtp.RtpHeaderWriter;
import io.confab.core.sfu.sdp.Direction;
import io.confab.core.sfu.sdp.HeaderExtensionUri;
import io.confab.core.sfu.sdp.MediaKind;
import io.confab.core.sfu.sdp.NegotiatedCodec;
import io.confab.core.sfu.sdp.NegotiatedMedia;
import io.confab.core.sfu.transport.MediaSocket;
import io.confab.core.sfu.transport.PeerTransport;
import io.confab.core.sfu.transport.TransportCounters;
import io.confab.core.sfu.transport.TransportRoutes;
import io.confab.core.signaling.protocol.ParticipantId;
import io.confab.core.testing.ReferenceDefaults;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A meeting on an SFU that never opens its port: a real {@link SfuContext} and {@link Conference}
 * with participants and publications built from negotiated media as Chrome's publish offer gives
 * them (opus 111 with audio level id 1; VP8 96 + rtx 97 with rids l/m/h; mid id 4, rid 10,
 * repaired rid 11), and RTP packets written byte by byte, for feeding the stages one packet at a
 * time. The signals the SFU sends are kept for the test to read.
 */
final class MeetingFixture {

    static final int AUDIO_LEVEL_ID = 1;
    static final int MID_ID = 4;
    static final int RID_ID = 10;
    static final int REPAIRED_RID_ID = 11;
    static final int OPUS = 111;
    static final int VP8 = 96;
    static final int VP8_RTX = 97;

    final List<String> speakers = new ArrayList<>();
    final SfuContext ctx;
    final Conference conference;
    private long now = 1_000_000_000L;

    MeetingFixture() {
        SfuSignals signals = new SfuSignals() {
            @Override
            public void send(String meetingId, ParticipantId to, MediaSignal signal) {
            }

            @Override
            public void activeSpeaker(String meetingId, ParticipantId speaker) {
                speakers.add(speaker.value());
            }
        };
        ctx = new SfuContext(ReferenceDefaults.sfu("127.0.0.1", 0, -1), new MediaSocket(), new IceLiteAgent(), new TransportRoutes(),
                new TransportCounters(), null, null, signals, null);
        conference = new Conference(new MediaPlane.MeetingRef("8512345678", "acct-1"), ctx);
    }

    /** Monotonic time moving on by {@code millis} each call. */
    long later(long millis) {
        now += millis * 1_000_000L;
        return now;
    }

    Participant join(String id) {
        Participant participant = new Participant(conference, new ParticipantId(id), id);
        conference.participants.put(participant.id, participant);
        conference.speaker.join(id);
        return participant;
    }

    static Publication publishAudio(Participant owner) {
        NegotiatedMedia media = new NegotiatedMedia("0", MediaKind.AUDIO, Direction.SENDONLY,
                List.of(new NegotiatedCodec(OPUS, "opus", 48_000, OptionalInt.of(2), "minptime=10;useinbandfec=1",
                        OptionalInt.empty(), List.of("transport-cc"))),
                Map.of(HeaderExtensionUri.AUDIO_LEVEL, AUDIO_LEVEL_ID, HeaderExtensionUri.MID, MID_ID),
                List.of(), Optional.empty(), List.of(), List.of());
        Publication publication = new Publication(owner, media);
        owner.publications.put(publication.mid, publication);
        return publication;
    }

    static Publication publishSimulcastVideo(Participant owner) {
        NegotiatedMedia media = new NegotiatedMedia("1", MediaKind.VIDEO, Direction.SENDONLY,
                List.of(new NegotiatedCodec(VP8, "VP8", 90_000, OptionalInt.empty(), "", OptionalInt.of(VP8_RTX),
                                List.of("nack", "nack pli")),
                        new NegotiatedCodec(VP8_RTX, "rtx", 90_000, OptionalInt.empty(), "apt=96", OptionalInt.empty(), List.of())),
                Map.of(HeaderExtensionUri.MID, MID_ID, HeaderExtensionUri.RTP_STREAM_ID, RID_ID,
                        HeaderExtensionUri.REPAIRED_RTP_STREAM_ID, REPAIRED_RID_ID),
                List.of("l", "m", "h"), Optional.empty(), List.of(), List.of());
        Publication publication = new Publication(owner, media);
        owner.publications.put(publication.mid, publication);
        return publication;
    }

    /** A subscribe transport that never had a handshake: it cannot protect a packet. */
    PeerTransport unsecuredTransport(String name) {
        return new PeerTransport(name, IceCredentials.random(), ctx.port, ctx.routes, null, Runnable::run, Duration.ofSeconds(1),
                ctx.transportCounters, new PeerTransport.Listener() {
            @Override
            public void onRtp(PeerTransport transport, byte[] buffer, int length, long nowNanos) {
            }

            @Override
            public void onRtcp(PeerTransport transport, byte[] buffer, int length, long nowNanos) {
            }

            @Override
            public void onSecure(PeerTransport transport) {
            }

            @Override
            public void onClosed(PeerTransport transport, String reason) {
            }
        });
    }

    /** The receive path's view of {@code bytes} from {@code sender}, parsed as its first stage would. */
    ReceivedPacket received(Participant sender, byte[] bytes, long at) {
        ReceivedPacket packet = new ReceivedPacket(new io.confab.core.sfu.rtp.RtpPacket()).reset(sender, bytes, bytes.length, at);
        if (packet.rtp.parse(bytes, 0, bytes.length) != io.confab.core.sfu.rtp.RtpParseStatus.OK) {
            throw new AssertionError("the test wrote a packet that does not parse");
        }
        return packet;
    }

    /** An RTP packet builder with one-byte header extensions. */
    static Rtp rtp(int payloadType, int ssrc, int sequenceNumber) {
        return new Rtp(payloadType, ssrc, sequenceNumber);
    }

    static final class Rtp {
        private final RtpHeaderWriter writer = new RtpHeaderWriter();
        private byte[] payload = {1, 2, 3, 4, 5, 6, 7, 8};

        Rtp(int payloadType, int ssrc, int sequenceNumber) {
            writer.clearExtensions().payloadType(payloadType).ssrc(ssrc).sequenceNumber(sequenceNumber).timestamp(90_000L + sequenceNumber);
        }

        Rtp mid(String mid) {
            writer.addExtension(MID_ID, mid.getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        Rtp rid(String rid) {
            writer.addExtension(RID_ID, rid.getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        Rtp repairedRid(String rid) {
            writer.addExtension(REPAIRED_RID_ID, rid.getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        Rtp extension(int id, byte[] value) {
            writer.addExtension(id, value);
            return this;
        }

        Rtp audioLevel(boolean voice, int level) {
            writer.addExtension(AUDIO_LEVEL_ID, new byte[] {(byte) ((voice ? 0x80 : 0) | level)});
            return this;
        }

        Rtp marker() {
            writer.marker(true);
            return this;
        }

        Rtp payload(byte... payload) {
            this.payload = payload.clone();
            return this;
        }

        /** The payload's bytes written as numbers, for readability: each must fit a byte. */
        Rtp payload(int... values) {
            byte[] bytes = new byte[values.length];
            for (int i = 0; i < values.length; i++) {
                bytes[i] = (byte) values[i];
            }
            this.payload = bytes;
            return this;
        }

        byte[] bytes() {
            byte[] target = new byte[1500];
            int length = writer.write(target, 0, payload, 0, payload.length);
            return java.util.Arrays.copyOf(target, length);
        }
    }
}
