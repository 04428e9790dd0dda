package io.confab.core.sfu.sdp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The answer's side of RFC 8851/8853 for a publish offer: each offered {@code a=rid:X send}
 * becomes {@code a=rid:X recv}, and {@code a=simulcast:send} becomes {@code a=simulcast:recv}
 * with the same streams, alternatives and pauses. Rids that are not declared, or whose {@code pt=}
 * restriction names no accepted payload type, are left out (RFC 8853 §5.3).
 */
record SimulcastSelection(List<Rid> rids, Optional<Simulcast> simulcast, List<String> order) {
    /** The SFU tracks at most three layers per track (low, medium, high). */
    static final int MAX_LAYERS = 3;
    static final SimulcastSelection NONE = new SimulcastSelection(List.of(), Optional.empty(), List.of());

    static SimulcastSelection of(MediaDescription offer, Set<Integer> acceptedPayloadTypes) {
        Map<String, Rid> receivable = new LinkedHashMap<>();
        for (Rid rid : offer.rids()) {
            if (rid.isSend()) {
                narrowed(rid, acceptedPayloadTypes).ifPresent(r -> receivable.putIfAbsent(r.id(), r));
            }
        }
        if (receivable.isEmpty()) {
            return NONE;
        }
        List<Simulcast.Stream> sent = offer.simulcast().map(Simulcast::send).orElse(List.of());
        if (sent.isEmpty()) {
            // Rids without simulcast describe a single RTP stream: the first is the one.
            Rid only = receivable.values().iterator().next();
            return new SimulcastSelection(List.of(only), Optional.empty(), List.of(only.id()));
        }
        List<Simulcast.Stream> received = new ArrayList<>();
        List<Rid> rids = new ArrayList<>();
        List<String> order = new ArrayList<>();
        for (Simulcast.Stream stream : sent) {
            List<Simulcast.RidChoice> kept = stream.alternatives().stream()
                    .filter(choice -> receivable.containsKey(choice.rid()) && !order.contains(choice.rid())).toList();
            if (kept.isEmpty() || received.size() == MAX_LAYERS) {
                continue;
            }
            received.add(new Simulcast.Stream(kept));
            kept.forEach(choice -> {
                rids.add(receivable.get(choice.rid()));
                order.add(choice.rid());
            });
        }
        if (received.isEmpty()) {
            return NONE;
        }
        return new SimulcastSelection(rids, Optional.of(new Simulcast(List.of(), received)), order);
    }

    /** The rid as the answer receives it, its pt= restriction cut to the accepted payload types. */
    private static Optional<Rid> narrowed(Rid offered, Set<Integer> acceptedPayloadTypes) {
        List<String> restrictions = new ArrayList<>();
        for (String restriction : offered.restrictions()) {
            if (!restriction.startsWith("pt=")) {
                restrictions.add(restriction);
                continue;
            }
            List<String> kept = List.of(restriction.substring(3).split(",")).stream()
                    .filter(pt -> Tokens.payloadType(pt.strip()).isPresent()
                            && acceptedPayloadTypes.contains(Tokens.payloadType(pt.strip()).getAsInt()))
                    .map(String::strip).toList();
            if (kept.isEmpty()) {
                return Optional.empty();
            }
            restrictions.add("pt=" + String.join(",", kept));
        }
        return Optional.of(new Rid(offered.id(), Direction.RECVONLY, restrictions));
    }
}
