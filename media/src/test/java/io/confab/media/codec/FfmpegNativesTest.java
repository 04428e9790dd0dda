package io.confab.media.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;

class FfmpegNativesTest {
    @Test
    void loadsTheGplBuildWithoutTheCallerSettingTheFlag() {
        FfmpegNatives.load();
        assertEquals("-gpl", System.getProperty(FfmpegNatives.EXTENSION_PROPERTY));
        String avcodec = Loader.getLoadedLibraries().entrySet().stream()
                .filter(library -> library.getKey().startsWith("avcodec"))
                .map(library -> library.getValue())
                .findFirst().orElse("(avcodec not loaded)");
        assertTrue(avcodec.contains("linux-x86_64-gpl"), "avcodec came from " + avcodec);
    }

    @Test
    void hasTheCodecsTheRecordingAndTheBotNeed() {
        for (String encoder : new String[] {"libx264", "aac", "libopus", "libvpx"}) {
            assertTrue(FfmpegNatives.hasEncoder(encoder), "no " + encoder + " encoder");
        }
        for (String decoder : new String[] {"libopus", "vp8"}) {
            assertTrue(FfmpegNatives.hasDecoder(decoder), "no " + decoder + " decoder");
        }
    }
}
