package io.confab.core.sfu.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code a=simulcast:send l;m;h recv x} (RFC 8853 §5.1). Each direction lists simulcast streams
 * separated by {@code ;}, each stream a {@code ,}-separated choice of alternative rids, any of which
 * may be proposed paused with a leading {@code ~}.
 */
public record Simulcast(List<Stream> send, List<Stream> recv) {

    public Simulcast {
        send = List.copyOf(send);
        recv = List.copyOf(recv);
        if (send.isEmpty() && recv.isEmpty()) {
            throw new IllegalArgumentException("a=simulcast needs a send or a recv list");
        }
    }

    /** One simulcast stream: its alternative rids, in the sender's order of preference. */
    public record Stream(List<RidChoice> alternatives) {
        public Stream {
            alternatives = List.copyOf(alternatives);
            if (alternatives.isEmpty()) {
                throw new IllegalArgumentException("a simulcast stream needs at least one rid");
            }
        }

        public static Stream of(String rid) {
            return new Stream(List.of(new RidChoice(rid, false)));
        }

        String toSdpValue() {
            return String.join(",", alternatives.stream().map(RidChoice::toSdpValue).toList());
        }
    }

    /** A rid in a simulcast list; {@code paused} is the {@code ~} prefix (RFC 8853 §5.3). */
    public record RidChoice(String rid, boolean paused) {
        public RidChoice {
            if (!Rid.isValidId(rid)) {
                throw new IllegalArgumentException("not a rid id: '" + rid + "'");
            }
        }

        String toSdpValue() {
            return (paused ? "~" : "") + rid;
        }
    }

    public String toSdpValue() {
        List<String> parts = new ArrayList<>();
        if (!send.isEmpty()) {
            parts.add("send " + join(send));
        }
        if (!recv.isEmpty()) {
            parts.add("recv " + join(recv));
        }
        return String.join(" ", parts);
    }

    private static String join(List<Stream> streams) {
        return String.join(";", streams.stream().map(Stream::toSdpValue).toList());
    }

    /** Each direction at most once; the {@code rid=} prefix of the pre-RFC drafts is accepted. */
    static Optional<Simulcast> parse(String value) {
        var fields = Tokens.fields(value);
        if (fields.size() != 2 && fields.size() != 4) {
            return Optional.empty();
        }
        List<Stream> send = null;
        List<Stream> recv = null;
        for (int i = 0; i < fields.size(); i += 2) {
            Optional<List<Stream>> streams = streams(fields.get(i + 1));
            if (streams.isEmpty()) {
                return Optional.empty();
            }
            if (fields.get(i).equals("send") && send == null) {
                send = streams.get();
            } else if (fields.get(i).equals("recv") && recv == null) {
                recv = streams.get();
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(new Simulcast(send == null ? List.of() : send, recv == null ? List.of() : recv));
    }

    private static Optional<List<Stream>> streams(String list) {
        String body = list.startsWith("rid=") ? list.substring(4) : list;
        List<Stream> streams = new ArrayList<>();
        for (String stream : body.split(";", -1)) {
            List<RidChoice> alternatives = new ArrayList<>();
            for (String choice : stream.split(",", -1)) {
                boolean paused = choice.startsWith("~");
                String rid = paused ? choice.substring(1) : choice;
                if (!Rid.isValidId(rid)) {
                    return Optional.empty();
                }
                alternatives.add(new RidChoice(rid, paused));
            }
            streams.add(new Stream(alternatives));
        }
        return Optional.of(streams);
    }
}
