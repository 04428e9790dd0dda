package io.confab.core.sfu;

import io.confab.core.sfu.rtp.BitrateMeter;
import io.confab.core.sfu.rtp.NackGenerator;
import io.confab.core.sfu.rtp.ReceiveStatistics;
import io.confab.core.sfu.sdp.HeaderExtensionUri;
import io.confab.core.sfu.sdp.NegotiatedCodec;
import io.confab.core.sfu.sdp.NegotiatedMedia;
import io.confab.ingest.TappedTrack;
import io.confab.storage.events.MediaKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One track a participant publishes (an m-section of their publish connection): its codec and
 * header-extension ids as negotiated, and its incoming streams, one per simulcast layer (lowest
 * first). Layers learn their SSRC from the first packet that names its rid.
 */
final class Publication {

    /** Nominal bitrates and heights of the l/m/h layers the web client publishes, until measured. */
    private static final long[] NOMINAL_BPS = {150_000, 500_000, 1_500_000};
    private static final int[] NOMINAL_HEIGHT = {180, 360, 720};

    final Participant owner;
    final String mid;
    final MediaKind kind;
    final String trackId;
    final List<Layer> layers = new ArrayList<>();
    int ridExtension = -1;
    int repairedRidExtension = -1;
    int midExtension = -1;
    int audioLevelExtension = -1;
    NegotiatedCodec codec;
    /** Whether the codec is VP8, decided once per negotiation rather than by name on every packet. */
    boolean vp8;
    int rtxPayloadType = -1;
    /** The layer index media.packets carries while the meeting is tapped; -1 until chosen. */
    int tapLayer = -1;
    /** What every tapped packet of this track shares; built on the first, again after a renegotiation. */
    private TappedTrack tappedTrack;

    Publication(Participant owner, NegotiatedMedia media) {
        this.owner = owner;
        this.mid = media.mid();
        this.kind = media.kind() == io.confab.core.sfu.sdp.MediaKind.AUDIO ? MediaKind.AUDIO : MediaKind.VIDEO;
        this.trackId = media.msid().flatMap(m -> m.trackId()).filter(t -> !t.isBlank()).orElse(owner.id.value() + "-" + mid);
        update(media);
    }

    /** A re-offer may change ids and payload types; layers and their statistics stay. */
    void update(NegotiatedMedia media) {
        tappedTrack = null;
        ridExtension = media.extensionId(HeaderExtensionUri.RTP_STREAM_ID).orElse(-1);
        repairedRidExtension = media.extensionId(HeaderExtensionUri.REPAIRED_RTP_STREAM_ID).orElse(-1);
        midExtension = media.extensionId(HeaderExtensionUri.MID).orElse(-1);
        audioLevelExtension = media.extensionId(HeaderExtensionUri.AUDIO_LEVEL).orElse(-1);
        codec = media.codecs().stream().filter(c -> !c.isNamed("rtx")).findFirst().orElse(null);
        vp8 = codec != null && codec.isNamed("VP8");
        rtxPayloadType = media.codecs().stream().filter(c -> c.isNamed("rtx")).mapToInt(NegotiatedCodec::payloadType)
                .findFirst().orElse(-1);
        List<String> rids = media.rids().isEmpty() ? List.of("") : media.rids();
        for (int i = layers.size(); i < rids.size(); i++) {
            layers.add(new Layer(this, i, rids.get(i)));
        }
        // Without simulcast the offer may declare its SSRCs (Firefox, our bot): bind them now.
        if (media.rids().isEmpty() && !media.ssrcs().isEmpty()) {
            Layer only = layers.get(0);
            long media0 = media.ssrcs().get(0);
            for (var pair : media.rtxPairs()) {
                if (pair.mediaSsrc() == media0) {
                    owner.bindRtx((int) pair.rtxSsrc(), only);
                }
            }
            owner.bind((int) media0, only);
        }
    }

    boolean isVideo() {
        return kind == MediaKind.VIDEO;
    }

    String codecName() {
        return codec == null ? "unknown" : codec.name();
    }

    int clockRate() {
        return codec == null ? (isVideo() ? 90_000 : 48_000) : codec.clockRate();
    }

    TappedTrack tappedTrack() {
        if (tappedTrack == null) {
            tappedTrack = new TappedTrack(owner.conference.ref.meetingId(), owner.conference.ref.accountId(), owner.id.value(),
                    trackId, kind, codecName(), clockRate());
        }
        return tappedTrack;
    }

    Optional<Layer> layerByRid(String rid) {
        return layers.stream().filter(l -> l.rid.equals(rid)).findFirst();
    }

    /** The sender's SSRC of a layer, or 0 while unknown. */
    String key() {
        return owner.id.value() + "/" + mid;
    }

    /** One incoming RTP stream: a simulcast layer, or the only stream of a track. */
    static final class Layer {
        final Publication publication;
        final int index;
        final String rid;
        int ssrc;
        boolean ssrcKnown;
        int rtxSsrc;
        ReceiveStatistics statistics;
        NackGenerator nacks;
        final BitrateMeter bitrate = new BitrateMeter(1_000_000_000L, 10);
        long lastPacketNanos = Long.MIN_VALUE / 2;
        long lastKeyframeNanos = Long.MIN_VALUE / 2;
        long lastKeyframeRequestNanos = Long.MIN_VALUE / 2;
        int height;
        // Quality interval bookkeeping for media.quality (upstream).
        long intervalExpectedBase = -1;
        long intervalLostBase;
        long intervalBytesBase;

        Layer(Publication publication, int index, String rid) {
            this.publication = publication;
            this.index = index;
            this.rid = rid;
            this.height = index < NOMINAL_HEIGHT.length ? NOMINAL_HEIGHT[index] : 720;
        }

        void bind(int ssrc) {
            this.ssrc = ssrc;
            this.ssrcKnown = true;
            this.statistics = new ReceiveStatistics(ssrc, publication.clockRate());
            // 512 slots: a second of 720p video; retried every 50 ms up to 5 times, given up after 1 s.
            this.nacks = new NackGenerator(512, 5, 50_000_000L, 1_000_000_000L);
        }

        boolean active(long nowNanos) {
            return nowNanos - lastPacketNanos < 1_500_000_000L;
        }

        long bitrateOrNominal(long nowNanos) {
            long measured = bitrate.bitsPerSecond(nowNanos);
            if (measured > 0) {
                return measured;
            }
            return index < NOMINAL_BPS.length ? NOMINAL_BPS[index] : 2_000_000;
        }
    }
}
