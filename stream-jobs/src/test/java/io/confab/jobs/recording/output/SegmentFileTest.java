package io.confab.jobs.recording.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentFileTest {

    static final StreamFormat VIDEO = new StreamFormat(StreamFormat.VIDEO, 27, true, 1280, 720, 0, 0, 1, 25, 0, new byte[] {1, 100, 0, 31});
    static final StreamFormat MIX = new StreamFormat(StreamFormat.MIX, 86018, false, 0, 0, 48_000, 1, 1, 48_000, 1024, new byte[] {0x11, (byte) 0x88});
    static final StreamFormat ALICE = new StreamFormat(StreamFormat.track("alice"), 86018, false, 0, 0, 48_000, 1, 1, 48_000, 1024, new byte[0]);

    static final List<SegmentPacket> PACKETS = List.of(
            new SegmentPacket(StreamFormat.VIDEO, 100, 100, true, bytes(5000, 1)),
            new SegmentPacket(StreamFormat.MIX, 4_800_000, 4_800_000, true, bytes(300, 2)),
            new SegmentPacket(StreamFormat.track("alice"), 4_800_000, 4_800_000, true, bytes(150, 3)),
            new SegmentPacket(StreamFormat.VIDEO, 101, 101, false, bytes(0, 4)),
            new SegmentPacket(StreamFormat.VIDEO, 102, 102, false, bytes(900, 5)));

    @Test
    void aSegmentRoundTripsExactly() throws IOException {
        SegmentFile parsed = SegmentFile.parse(new SegmentFile(List.of(VIDEO, MIX, ALICE), PACKETS).toBytes());
        assertEquals(3, parsed.streams().size());
        assertSameFormat(VIDEO, parsed.streams().get(0));
        assertSameFormat(MIX, parsed.streams().get(1));
        assertSameFormat(ALICE, parsed.streams().get(2));
        assertSamePackets(PACKETS, parsed.packets());
    }

    @Test
    void aSegmentWithoutPacketsRoundTrips() throws IOException {
        SegmentFile parsed = SegmentFile.parse(new SegmentFile(List.of(MIX), List.of()).toBytes());
        assertEquals(1, parsed.streams().size());
        assertTrue(parsed.packets().isEmpty());
    }

    @Test
    void aPacketOfAStreamTheSegmentDoesNotDeclareIsRefusedWhenWriting() {
        SegmentFile file = new SegmentFile(List.of(MIX), PACKETS);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, file::toBytes);
        assertTrue(e.getMessage().contains(StreamFormat.VIDEO), e.getMessage());
    }

    @Test
    void aTruncatedTailIsCutOffCleanly() throws IOException {
        byte[] whole = new SegmentFile(List.of(VIDEO, MIX, ALICE), PACKETS).toBytes();
        int lastPacket = 4 + 8 + 8 + 1 + 4 + 900;
        // Cut inside the last packet's data, inside its header, and right after its stream index.
        for (int cut : new int[] {1, 450, 900, 903, lastPacket - 4}) {
            SegmentFile parsed = SegmentFile.parse(Arrays.copyOf(whole, whole.length - cut));
            assertSamePackets(PACKETS.subList(0, 4), parsed.packets());
        }
        SegmentFile atBoundary = SegmentFile.parse(Arrays.copyOf(whole, whole.length - lastPacket));
        assertSamePackets(PACKETS.subList(0, 4), atBoundary.packets());
    }

    @Test
    void badMagicIsAnIoExceptionSayingSo() {
        byte[] bytes = new SegmentFile(List.of(MIX), List.of()).toBytes();
        bytes[0] = 'X';
        IOException e = assertThrows(IOException.class, () -> SegmentFile.parse(bytes));
        assertTrue(e.getMessage().contains("magic"), e.getMessage());
    }

    @Test
    void anotherVersionIsAnIoExceptionNamingIt() throws IOException {
        byte[] bytes = header(SegmentFile.VERSION + 1, 0);
        IOException e = assertThrows(IOException.class, () -> SegmentFile.parse(bytes));
        assertTrue(e.getMessage().contains("version " + (SegmentFile.VERSION + 1)), e.getMessage());
    }

    @Test
    void anAbsurdStreamCountIsAnIoException() throws IOException {
        for (int count : new int[] {-1, 5000}) {
            byte[] bytes = header(SegmentFile.VERSION, count);
            IOException e = assertThrows(IOException.class, () -> SegmentFile.parse(bytes));
            assertTrue(e.getMessage().contains(count + " streams"), e.getMessage());
        }
    }

    @Test
    void anAbsurdExtradataLengthIsAnIoException() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(header(SegmentFile.VERSION, 1));
        out.writeUTF(StreamFormat.MIX);
        out.writeInt(86018);
        out.writeBoolean(false);
        for (int field : new int[] {0, 0, 48_000, 1, 1, 48_000, 1024}) {
            out.writeInt(field);
        }
        out.writeInt(-7);
        IOException e = assertThrows(IOException.class, () -> SegmentFile.parse(bytes.toByteArray()));
        assertTrue(e.getMessage().contains("-7 bytes"), e.getMessage());
    }

    @Test
    void anAbsurdPacketLengthIsAnIoException() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new SegmentFile(List.of(MIX), List.of()).toBytes());
        out.writeInt(0);
        out.writeLong(0);
        out.writeLong(0);
        out.writeBoolean(true);
        out.writeInt(1 << 30);
        IOException e = assertThrows(IOException.class, () -> SegmentFile.parse(bytes.toByteArray()));
        assertTrue(e.getMessage().contains((1 << 30) + " bytes"), e.getMessage());
    }

    @Test
    void aPacketNamingAStreamOutOfRangeIsAnIoException() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new SegmentFile(List.of(MIX), List.of()).toBytes());
        out.writeInt(3);
        out.writeLong(0);
        IOException e = assertThrows(IOException.class, () -> SegmentFile.parse(bytes.toByteArray()));
        assertTrue(e.getMessage().contains("stream 3 of 1"), e.getMessage());
    }

    private static byte[] header(int version, int streams) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(SegmentFile.MAGIC);
        out.writeInt(version);
        out.writeInt(streams);
        return bytes.toByteArray();
    }

    private static void assertSameFormat(StreamFormat expected, StreamFormat got) {
        assertEquals(expected.name(), got.name());
        assertEquals(List.of(expected.codecId(), expected.width(), expected.height(), expected.sampleRate(), expected.channels(),
                expected.timeBaseNum(), expected.timeBaseDen(), expected.initialPadding()),
                List.of(got.codecId(), got.width(), got.height(), got.sampleRate(), got.channels(), got.timeBaseNum(),
                        got.timeBaseDen(), got.initialPadding()), "format of " + expected.name());
        assertEquals(expected.video(), got.video());
        assertArrayEquals(expected.extradata(), got.extradata(), "extradata of " + expected.name());
    }

    private static void assertSamePackets(List<SegmentPacket> expected, List<SegmentPacket> got) {
        assertEquals(expected.size(), got.size(), "packets");
        for (int i = 0; i < expected.size(); i++) {
            SegmentPacket e = expected.get(i);
            SegmentPacket g = got.get(i);
            assertEquals(List.of(e.stream(), e.pts(), e.dts(), e.keyFrame()), List.of(g.stream(), g.pts(), g.dts(), g.keyFrame()), "packet " + i);
            assertArrayEquals(e.data(), g.data(), "data of packet " + i);
        }
    }

    private static byte[] bytes(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }
}
