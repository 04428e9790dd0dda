package io.confab.media.codec;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_free;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.media.picture.I420Frame;
import io.confab.media.picture.TestPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.junit.jupiter.api.Test;

class H264EncoderTest {
    /** ITU-T H.264 Table 7-1 nal_unit_type values. */
    private static final int NON_IDR_SLICE = 1;
    private static final int IDR_SLICE = 5;
    private static final int SPS = 7;
    private static final int PPS = 8;

    /** The nal_unit_type of every NAL unit in Annex B bytes (after each 00 00 01 start code). */
    static Set<Integer> nalTypes(byte[] annexB, int length) {
        Set<Integer> types = new TreeSet<>();
        for (int i = 0; i + 3 < length; i++) {
            if (annexB[i] == 0 && annexB[i + 1] == 0 && annexB[i + 2] == 1) {
                types.add(annexB[i + 3] & 0x1F);
                i += 3;
            }
        }
        return types;
    }

    @Test
    void eachPictureGivesItsPacketAtOnceWithoutBFramesAndForcedKeyFramesAreIdr() {
        TestPattern camera = new TestPattern(640, 360);
        H264Encoder.Config config = H264Encoder.Config.bitrate(640, 360, 30, 1_000_000).withKeyFrameInterval(300);
        List<EncodedPacket> packets = new ArrayList<>();
        try (H264Encoder encoder = new H264Encoder(config)) {
            for (int i = 0; i < 30; i++) {
                List<EncodedPacket> out = encoder.encode(camera.nextFrame(), 1000 + i, i == 12);
                assertEquals(1, out.size(), "zerolatency: picture " + i + " gives its packet at once");
                packets.addAll(out);
            }
            assertEquals(List.of(), encoder.flush());
            assertEquals(30, encoder.framesEncoded());
            assertEquals(2, encoder.keyFramesEncoded());
        }
        for (int i = 0; i < packets.size(); i++) {
            EncodedPacket packet = packets.get(i);
            assertEquals(1000 + i, packet.pts());
            assertEquals(packet.pts(), packet.dts(), "no B-frames: dts = pts");
            boolean key = i == 0 || i == 12;
            assertEquals(key, packet.keyFrame(), "packet " + i);
            Set<Integer> types = nalTypes(packet.data(), packet.data().length);
            assertEquals(key, types.contains(IDR_SLICE), "packet " + i + " NAL types " + types);
            assertEquals(!key, types.contains(NON_IDR_SLICE), "packet " + i + " NAL types " + types);
            assertFalse(types.contains(SPS), "SPS goes in the extradata, not packet " + i);
        }
    }

    @Test
    void theParametersCarrySpsAndPpsAndDecodeEveryPictureBack() {
        TestPattern camera = new TestPattern(1280, 720);
        List<I420Frame> sources = new ArrayList<>();
        List<EncodedPacket> packets = new ArrayList<>();
        H264Encoder.Config config = H264Encoder.Config.crf(1280, 720, 30, 20);
        try (H264Encoder encoder = new H264Encoder(config)) {
            for (int i = 0; i < 10; i++) {
                I420Frame source = camera.nextFrame().copy();
                sources.add(source);
                packets.addAll(encoder.encode(source, i, false));
            }
            AVRational timeBase = encoder.timeBase();
            assertEquals(1, timeBase.num());
            assertEquals(30, timeBase.den());
            AVCodecParameters parameters = avcodec_parameters_alloc();
            try {
                encoder.copyParametersTo(parameters);
                assertEquals(AV_CODEC_ID_H264, parameters.codec_id());
                assertEquals(1280, parameters.width());
                assertEquals(720, parameters.height());
                byte[] extradata = new byte[parameters.extradata_size()];
                parameters.extradata().get(extradata);
                assertEquals(Set.of(SPS, PPS), nalTypes(extradata, extradata.length), "extradata holds SPS and PPS");
            } finally {
                avcodec_parameters_free(parameters);
            }
            List<I420Frame> decoded = new ArrayList<>();
            try (TestDecoder decoder = new TestDecoder("h264", encoder::copyParametersTo)) {
                for (EncodedPacket packet : packets) {
                    decoded.addAll(decoder.pictures(packet.data()));
                }
                decoded.addAll(decoder.pictures(null));
            }
            assertEquals(10, decoded.size());
            for (int i = 0; i < decoded.size(); i++) {
                double luma = PictureQuality.lumaPsnr(sources.get(i), decoded.get(i));
                assertTrue(luma > 30, "picture " + i + " luma PSNR " + luma);
            }
        }
    }

    @Test
    void refusesWhatX264CannotTake() {
        assertThrows(IllegalArgumentException.class, () -> H264Encoder.Config.bitrate(641, 360, 30, 1_000_000));
        assertThrows(IllegalArgumentException.class, () -> new H264Encoder.Config(640, 360, 30, 1_000_000, 23, 60, "veryfast", 1));
        assertThrows(IllegalArgumentException.class, () -> H264Encoder.Config.crf(640, 360, 30, 23).withPreset("quick"));
        try (H264Encoder encoder = new H264Encoder(H264Encoder.Config.crf(320, 180, 30, 30).withPreset("ultrafast"))) {
            assertThrows(IllegalArgumentException.class, () -> encoder.encode(new I420Frame(640, 360), 0, false));
            encoder.encode(new I420Frame(320, 180), 5, false);
            assertThrows(IllegalArgumentException.class, () -> encoder.encode(new I420Frame(320, 180), 5, false),
                    "pts must increase");
            encoder.flush();
            assertThrows(IllegalStateException.class, () -> encoder.encode(new I420Frame(320, 180), 6, false));
        }
    }
}
