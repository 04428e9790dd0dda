package io.confab.jobs.recording.output;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A segment of a recording as it is kept in S3 while the meeting goes on: the encoded packets of
 * every stream of a few seconds, in the order the encoders produced them, behind a header with
 * each stream's {@link StreamFormat}. It is an intermediate only the finalizer reads, so it is the
 * simplest thing that carries exactly what the encoders produced: no container rewrites the
 * timestamps or the bitstream on the way (MPEG-TS would turn AAC into ADTS and shift the clock),
 * so muxing the final MP4 from segments gives the same file as muxing it live.
 *
 * <pre>
 * "CFSG" version:int streams:int { name:UTF codecId video width height sampleRate channels
 *                                  tbNum tbDen initialPadding extradataLength extradata }*
 * { streamIndex:int pts:long dts:long key:boolean length:int bytes }*   until end of file
 * </pre>
 */
public final class SegmentFile {

    static final int MAGIC = 0x43465347; // "CFSG"
    static final int VERSION = 1;

    private final List<StreamFormat> streams;
    private final List<SegmentPacket> packets;

    public SegmentFile(List<StreamFormat> streams, List<SegmentPacket> packets) {
        this.streams = List.copyOf(streams);
        this.packets = List.copyOf(packets);
    }

    public List<StreamFormat> streams() {
        return streams;
    }

    public List<SegmentPacket> packets() {
        return packets;
    }

    public byte[] toBytes() {
        Map<String, Integer> index = new LinkedHashMap<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(streams.size());
            for (StreamFormat s : streams) {
                index.put(s.name(), index.size());
                out.writeUTF(s.name());
                out.writeInt(s.codecId());
                out.writeBoolean(s.video());
                out.writeInt(s.width());
                out.writeInt(s.height());
                out.writeInt(s.sampleRate());
                out.writeInt(s.channels());
                out.writeInt(s.timeBaseNum());
                out.writeInt(s.timeBaseDen());
                out.writeInt(s.initialPadding());
                out.writeInt(s.extradata().length);
                out.write(s.extradata());
            }
            for (SegmentPacket p : packets) {
                Integer stream = index.get(p.stream());
                if (stream == null) {
                    throw new IllegalArgumentException("packet of stream " + p.stream() + ", which the segment does not declare");
                }
                out.writeInt(stream);
                out.writeLong(p.pts());
                out.writeLong(p.dts());
                out.writeBoolean(p.keyFrame());
                out.writeInt(p.data().length);
                out.write(p.data());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads a segment; a truncated tail (a crash during upload cannot make one, but a bad disk can) is cut off. */
    public static SegmentFile parse(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        if (in.readInt() != MAGIC) {
            throw new IOException("not a recording segment (bad magic)");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("recording segment version " + version + " is not " + VERSION);
        }
        int count = in.readInt();
        if (count < 0 || count > 1024) {
            throw new IOException("recording segment declares " + count + " streams");
        }
        List<StreamFormat> streams = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            int codecId = in.readInt();
            boolean video = in.readBoolean();
            int width = in.readInt();
            int height = in.readInt();
            int sampleRate = in.readInt();
            int channels = in.readInt();
            int tbNum = in.readInt();
            int tbDen = in.readInt();
            int padding = in.readInt();
            byte[] extradata = readBytes(in, in.readInt());
            streams.add(new StreamFormat(name, codecId, video, width, height, sampleRate, channels, tbNum, tbDen, padding, extradata));
        }
        List<SegmentPacket> packets = new ArrayList<>();
        while (true) {
            int stream;
            try {
                stream = in.readInt();
            } catch (EOFException end) {
                break;
            }
            try {
                if (stream < 0 || stream >= streams.size()) {
                    throw new IOException("packet names stream " + stream + " of " + streams.size());
                }
                long pts = in.readLong();
                long dts = in.readLong();
                boolean key = in.readBoolean();
                byte[] data = readBytes(in, in.readInt());
                packets.add(new SegmentPacket(streams.get(stream).name(), pts, dts, key, data));
            } catch (EOFException truncated) {
                break;
            }
        }
        return new SegmentFile(streams, packets);
    }

    private static byte[] readBytes(DataInputStream in, int length) throws IOException {
        if (length < 0 || length > (64 << 20)) {
            throw new IOException("recording segment holds a block of " + length + " bytes");
        }
        byte[] data = new byte[length];
        in.readFully(data);
        return data;
    }
}
