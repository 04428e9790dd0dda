package io.confab.core.sfu.sdp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One accepted m-section of a publish connection: what the SFU will receive under this mid.
 * {@code codecs} are in the answer's order of preference; {@code extensionIds} maps each agreed
 * header extension URI to the id the publisher writes; {@code rids} are the simulcast layers in
 * the order the answer lists them (empty without simulcast); {@code ssrcs} and {@code rtxPairs}
 * are what the offer declared, often nothing for rid-based simulcast.
 */
public record NegotiatedMedia(String mid, MediaKind kind, Direction direction, List<NegotiatedCodec> codecs,
                              Map<String, Integer> extensionIds, List<String> rids, Optional<Msid> msid,
                              List<Long> ssrcs, List<RtxPair> rtxPairs) {

    public NegotiatedMedia {
        Objects.requireNonNull(mid, "mid");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(msid, "msid");
        codecs = List.copyOf(codecs);
        extensionIds = Collections.unmodifiableMap(new LinkedHashMap<>(extensionIds));
        rids = List.copyOf(rids);
        ssrcs = List.copyOf(ssrcs);
        rtxPairs = List.copyOf(rtxPairs);
    }

    public OptionalInt extensionId(String uri) {
        Integer id = extensionIds.get(uri);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    public Optional<NegotiatedCodec> codec(int payloadType) {
        return codecs.stream().filter(c -> c.payloadType() == payloadType).findFirst();
    }

    public boolean isSimulcast() {
        return rids.size() > 1;
    }
}
