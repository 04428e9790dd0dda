package io.confab.core.sfu.rtcp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** SDES (RFC 3550 §6.5): per-source items, of which Confab reads CNAME (§6.5.1) and skips the rest. */
public record SourceDescription(List<Chunk> chunks) implements RtcpPacket {
    public SourceDescription {
        if (chunks.size() > 31) {
            throw new IllegalArgumentException(chunks.size() + " chunks, at most 31 fit one packet");
        }
        chunks = List.copyOf(chunks);
    }

    /** One source's items; cname is empty when the chunk carried none. */
    public record Chunk(int ssrc, Optional<String> cname) {
        public Chunk {
            Objects.requireNonNull(cname, "cname");
        }

        public static Chunk of(int ssrc, String cname) {
            return new Chunk(ssrc, Optional.of(cname));
        }
    }
}
