package io.confab.core.sfu.sdp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed SDP (RFC 8866): the session-level values the SFU reads, every session-level attribute
 * as written, and the m-sections in order. {@code transport} is the session level only; each
 * {@link MediaDescription} already carries the merged values.
 */
public record SessionDescription(Origin origin, String sessionName, boolean iceLite, List<String> iceOptions,
                                 TransportParameters transport, List<Group> groups, Optional<String> msidSemantic,
                                 List<SdpAttribute> attributes, List<MediaDescription> media)
        implements SdpParseResult {

    public SessionDescription {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(sessionName, "sessionName");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(msidSemantic, "msidSemantic");
        iceOptions = List.copyOf(iceOptions);
        groups = List.copyOf(groups);
        attributes = List.copyOf(attributes);
        media = List.copyOf(media);
    }

    /** The mids of the first BUNDLE group; JSEP uses one (RFC 8829 §5.2.1). Empty when there is none. */
    public List<String> bundleMids() {
        return groups.stream().filter(g -> g.semantics().equals(Group.BUNDLE)).findFirst()
                .map(Group::mids).orElse(List.of());
    }

    public Optional<MediaDescription> media(String mid) {
        return media.stream().filter(m -> m.mid().filter(mid::equals).isPresent()).findFirst();
    }
}
