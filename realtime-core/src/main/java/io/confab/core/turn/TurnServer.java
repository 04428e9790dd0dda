package io.confab.core.turn;

import io.confab.core.stun.StunErrorCode;
import io.confab.core.stun.StunClass;
import io.confab.core.stun.StunDecoder;
import io.confab.core.stun.StunMessage;
import io.confab.core.stun.StunMessageBuilder;
import io.confab.core.stun.StunMethod;
import io.confab.core.stun.StunParseResult;
import io.confab.core.stun.TransactionId;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The TURN server's rules (RFC 8656) and its STUN Binding service (RFC 8489), with no sockets and
 * no clock: the transport hands in each event with the time, and carries out the returned actions.
 * Not thread-safe; drive one instance from one event loop. A transport with several event loops
 * takes one server per loop from {@link #forLoops}: each holds the allocations made on its loop
 * (their relay sockets live there too), and they share, without a lock, what must be server-wide:
 * which loop owns each 5-tuple, the quotas, the relay ports and reservations, the Allocate rate
 * buckets and the nonce key. A message for a 5-tuple that another loop owns comes back as
 * {@link TurnAction.HandOff}.
 *
 * <pre>
 * client bytes → fromClient → STUN request   → LongTermCredentialMechanism → AllocationRequests → response, or OpenRelay (+ CloseRelay)
 *                           → Send indication / ChannelData → permission check → SendToPeer
 *                           → (5-tuple owned by another loop) → HandOff
 * relay bytes  → fromPeer   → permission check → ChannelData or Data indication → SendToClient
 * the relay path without bytes: routeChannelData / routeFromPeer → ChannelRoute, or null for the two calls above
 * stream closed → connectionClosed → CloseRelay for its allocation; port and quota freed
 * timer        → expire     → CloseRelay for each allocation past its lifetime; lapsed port reservations freed
 * bind failure → relayUnavailable → allocation removed, 508 to the client
 * </pre>
 */
public final class TurnServer {
    /** 0xFFFF of STUN body less an IPv6 XOR-PEER-ADDRESS (24), DATA's header (4) and its padding (3). */
    static final int MAX_DATA_INDICATION_PAYLOAD = 0xFFFF - 24 - 4 - 3;

    /** What the servers of one TURN service share across their event loops; each part is safe for concurrent use. */
    private record Shared(AllocationRegistry registry, RelayPorts ports, PortReservations reservations,
                          AllocateFloodGuard perSource, AllocateFloodGuard perUser, byte[] nonceKey) {
        static Shared of(TurnConfig config, byte[] nonceKey) {
            RelayPorts ports = new RelayPorts(config.relayPortMin(), config.relayPortMax());
            return new Shared(new AllocationRegistry(), ports, new PortReservations(ports),
                    new AllocateFloodGuard(config.allocateRate()), new AllocateFloodGuard(config.allocateRate()), nonceKey);
        }
    }

    private final TurnConfig config;
    private final int loop;
    private final LongTermCredentialMechanism authentication;
    private final AllocationTable allocations;
    private final AllocationRequests requests;
    private final AllocateFloodGuard perSource;
    private final AllocateFloodGuard perUser;
    private final Map<TurnDropReason, Long> drops = new EnumMap<>(TurnDropReason.class);
    private long relayBindFailures;

    public TurnServer(TurnConfig config) {
        this(config, randomKey());
    }

    /** @param nonceKey the key nonces are MACed with; servers behind one realm may share it */
    public TurnServer(TurnConfig config, byte[] nonceKey) {
        this(config, 0, Shared.of(config, nonceKey));
    }

    private TurnServer(TurnConfig config, int loop, Shared shared) {
        this.config = config;
        this.loop = loop;
        // A Mac is not thread-safe, so each loop has its own issuer; the key is the same, so a nonce from one loop is good on another.
        this.authentication = new LongTermCredentialMechanism(config, new NonceIssuer(shared.nonceKey(), config.nonceLifetime()));
        this.allocations = new AllocationTable(shared.registry(), loop);
        this.requests = new AllocationRequests(config, allocations, shared.ports(), shared.reservations());
        this.perSource = shared.perSource();
        this.perUser = shared.perUser();
    }

    /**
     * One server for each of {@code loops} event loops, as one TURN service: loop {@code i} drives
     * element {@code i}, and only that loop.
     */
    public static List<TurnServer> forLoops(TurnConfig config, int loops) {
        if (loops < 1) {
            throw new IllegalArgumentException("turn.eventLoops must be at least 1, got " + loops);
        }
        Shared shared = Shared.of(config, randomKey());
        List<TurnServer> servers = new ArrayList<>(loops);
        for (int i = 0; i < loops; i++) {
            servers.add(new TurnServer(config, i, shared));
        }
        return List.copyOf(servers);
    }

    /** Which of {@link #forLoops}' servers this is (0 for a server made alone). */
    public int loop() {
        return loop;
    }

    /** Anything a client sent on a listener: STUN or ChannelData, told apart by the first byte (RFC 7983). */
    public TurnOutcome fromClient(FiveTuple tuple, byte[] bytes, int offset, int length, Instant now) {
        if (isChannelData(bytes, offset, length)) {
            return ChannelData.decode(bytes, offset, length)
                    .map(frame -> channelData(tuple, frame, now))
                    .orElseGet(() -> dropped(TurnDropReason.MALFORMED));
        }
        StunParseResult parsed = StunDecoder.decode(bytes, offset, length);
        return parsed instanceof StunMessage message ? handle(tuple, message, now) : dropped(TurnDropReason.MALFORMED);
    }

    /** On a TURN port the first byte 0x40-0x7F is ChannelData (see {@link ChannelData#MAX_CHANNEL}). */
    private static boolean isChannelData(byte[] bytes, int offset, int length) {
        return length > 0 && (bytes[offset] & 0xC0) == 0x40;
    }

    public TurnOutcome handle(FiveTuple tuple, StunMessage message, Instant now) {
        if (message.stunClass() == StunClass.INDICATION) {
            return indication(tuple, message, now);
        }
        if (message.stunClass() != StunClass.REQUEST || message.method() == StunMethod.SEND
                || message.method() == StunMethod.DATA) {
            return dropped(TurnDropReason.UNEXPECTED_MESSAGE);
        }
        if (message.method() == StunMethod.BINDING) {
            return binding(tuple, message);
        }
        Optional<TurnOutcome> handOff = ownedElsewhere(tuple);
        if (handOff.isPresent()) {
            return handOff.get();
        }
        boolean allocate = message.method() == StunMethod.ALLOCATE;
        if (allocate && !perSource.admits(tuple.client().getAddress(), now)) {
            return dropped(TurnDropReason.RATE_LIMITED);
        }
        LongTermCredentialMechanism.Result result = authentication.check(tuple, message, now);
        if (result instanceof LongTermCredentialMechanism.Refused refused) {
            return TurnOutcome.of(new TurnAction.SendToClient(tuple, refused.response()));
        }
        LongTermCredentialMechanism.Authenticated auth = (LongTermCredentialMechanism.Authenticated) result;
        if (allocate && !perUser.admits(auth.account(), now)) {
            return dropped(TurnDropReason.RATE_LIMITED);
        }
        // Unknown comprehension-required attributes are checked once the request is authenticated (RFC 8489 §6.3).
        List<Integer> unknown = message.unknownComprehensionRequired();
        if (!unknown.isEmpty()) {
            return TurnOutcome.of(new TurnAction.SendToClient(tuple, auth.signing().sign(
                    StunMessageBuilder.answering(message, StunClass.ERROR_RESPONSE)
                            .errorCode(StunErrorCode.UNKNOWN_ATTRIBUTE).unknownAttributes(unknown))));
        }
        switch (message.method()) {
            case ALLOCATE:
                return requests.allocate(tuple, message, auth, now);
            case REFRESH:
                return requests.refresh(tuple, message, auth, now);
            case CREATE_PERMISSION:
                return requests.createPermission(tuple, message, auth, now);
            case CHANNEL_BIND:
                return requests.channelBind(tuple, message, auth, now);
            default:
                return dropped(TurnDropReason.UNEXPECTED_MESSAGE);
        }
    }

    /** ChannelData from a client: out of its relay to the bound peer (RFC 8656 §12.6). */
    public TurnOutcome channelData(FiveTuple tuple, ChannelData frame, Instant now) {
        Optional<Allocation> allocation = allocations.byOwner(tuple, now);
        if (allocation.isEmpty()) {
            return ownedElsewhere(tuple).orElseGet(() -> dropped(TurnDropReason.NO_ALLOCATION));
        }
        Optional<ChannelBinding> binding = allocation.get().channel(frame.channel(), now);
        if (binding.isEmpty()) {
            return dropped(TurnDropReason.CHANNEL_NOT_BOUND);
        }
        if (!allocation.get().permits(binding.get().peer().getAddress(), now)) {
            return dropped(TurnDropReason.NO_PERMISSION);
        }
        return TurnOutcome.of(new TurnAction.SendToPeer(allocation.get().relay(), binding.get().peer(), frame.data()));
    }

    /**
     * The relay path of a client's ChannelData over UDP, decided without its bytes (RFC 8656 §12.6):
     * the route out of its allocation's relay to the bound peer when the frame would be relayed,
     * with the same checks as {@link #channelData}. Null for everything else (no allocation on this
     * loop, an unbound channel, no permission): the transport then hands the message to
     * {@link #fromClient}, which drops it with its reason counted, or hands it off to its loop. So a
     * transport relays the common case from its receive buffer and nothing is counted twice.
     */
    public ChannelRoute routeChannelData(FiveTuple tuple, int channel, Instant now) {
        Allocation allocation = allocations.live(tuple, now);
        if (allocation == null) {
            return null;
        }
        ChannelBinding binding = allocation.liveChannel(channel, now);
        if (binding == null || !allocation.permits(binding.peer().getAddress(), now)) {
            return null;
        }
        return new ChannelRoute(tuple, allocation.relay(), channel, binding.peer());
    }

    /**
     * The relay path of a peer's datagram, decided without its bytes: the route to the client inside
     * a ChannelData frame when a channel is bound to that peer and its permission holds (RFC 8656
     * §12.6). Null otherwise: the transport then hands the datagram to {@link #fromPeer}, which sends
     * it as a Data indication or drops it with its reason counted.
     */
    public ChannelRoute routeFromPeer(InetSocketAddress relay, InetSocketAddress peer, Instant now) {
        Allocation allocation = allocations.liveByRelay(relay, now);
        if (allocation == null || !allocation.permits(peer.getAddress(), now)) {
            return null;
        }
        ChannelBinding binding = allocation.liveChannelFor(peer, now);
        return binding == null ? null : new ChannelRoute(allocation.owner(), relay, binding.channel(), peer);
    }

    /**
     * A datagram a peer sent to a relayed address: to the client as ChannelData when a channel is
     * bound to that peer, else as a Data indication; dropped without a permission (RFC 8656 §11.3, §12.6).
     */
    public TurnOutcome fromPeer(InetSocketAddress relay, InetSocketAddress peer, byte[] data, Instant now) {
        Optional<Allocation> found = allocations.byRelay(relay, now);
        if (found.isEmpty()) {
            return dropped(TurnDropReason.NO_ALLOCATION);
        }
        Allocation allocation = found.get();
        if (!allocation.permits(peer.getAddress(), now)) {
            return dropped(TurnDropReason.NO_PERMISSION);
        }
        Optional<ChannelBinding> channel = Optional.ofNullable(allocation.liveChannelFor(peer, now));
        if (channel.isEmpty() && data.length > MAX_DATA_INDICATION_PAYLOAD) {
            return dropped(TurnDropReason.OVERSIZED);
        }
        byte[] bytes = channel.isPresent()
                ? new ChannelData(channel.get().channel(), data).encode(allocation.owner().transport().isStream())
                : new StunMessageBuilder(StunClass.INDICATION, StunMethod.DATA, TransactionId.random())
                        .xorPeerAddress(peer).data(data).encode();
        return TurnOutcome.of(new TurnAction.SendToClient(allocation.owner(), bytes));
    }

    /**
     * The transport could not bind the relay socket an {@link TurnAction.OpenRelay} asked for (the
     * port is taken by another process, or the address is gone): the allocation is removed and the
     * client gets the 508 Insufficient Capacity the action carried instead of its success.
     */
    public TurnOutcome relayUnavailable(TurnAction.OpenRelay open) {
        relayBindFailures++;
        return requests.relayUnavailable(open);
    }

    /** How many relay sockets could not be bound since start. */
    public long relayBindFailures() {
        return relayBindFailures;
    }

    /**
     * A TCP or TLS client's connection closed: an allocation over a stream lives as long as its
     * connection (RFC 6062 §4.1, RFC 8656 §3.1), so it is released at once rather than holding a
     * relay port and the user's quota until its lifetime runs out.
     */
    public TurnOutcome connectionClosed(FiveTuple tuple) {
        return allocations.anyByOwner(tuple)
                .map(allocation -> TurnOutcome.of(requests.release(allocation)))
                .orElseGet(() -> TurnOutcome.of(List.of()));
    }

    /** Removes allocations past their lifetime and prunes permissions and bindings; call every few seconds. */
    public TurnOutcome expire(Instant now) {
        // Server-wide state: one loop's sweep is enough.
        if (loop == 0) {
            perSource.forgetIdle(now);
            perUser.forgetIdle(now);
            requests.sweepReservations(now);
        }
        List<TurnAction> actions = new ArrayList<>();
        for (Allocation expired : allocations.sweep(now)) {
            actions.add(requests.release(expired));
        }
        return TurnOutcome.of(actions);
    }

    public Optional<Allocation> allocation(FiveTuple owner, Instant now) {
        return allocations.byOwner(owner, now);
    }

    /** Live allocations on every loop's server, not yet swept ones included. */
    public int allocationCount() {
        return allocations.count();
    }

    /** Allocations held by this loop's server. */
    public int allocationsOnThisLoop() {
        return allocations.countHere();
    }

    public long drops(TurnDropReason reason) {
        return drops.getOrDefault(reason, 0L);
    }

    public TurnConfig config() {
        return config;
    }

    private TurnOutcome binding(FiveTuple tuple, StunMessage request) {
        ResponseSigning signing = ResponseSigning.unauthenticated(request);
        List<Integer> unknown = request.unknownComprehensionRequired();
        StunMessageBuilder response = unknown.isEmpty()
                ? StunMessageBuilder.answering(request, StunClass.SUCCESS_RESPONSE).xorMappedAddress(tuple.client())
                : StunMessageBuilder.answering(request, StunClass.ERROR_RESPONSE)
                        .errorCode(StunErrorCode.UNKNOWN_ATTRIBUTE).unknownAttributes(unknown);
        return TurnOutcome.of(new TurnAction.SendToClient(tuple, signing.sign(response)));
    }

    /** Send indications (RFC 8656 §11.2); anything else, including Binding keepalives, is dropped. */
    private TurnOutcome indication(FiveTuple tuple, StunMessage message, Instant now) {
        if (message.method() != StunMethod.SEND) {
            return dropped(TurnDropReason.UNEXPECTED_MESSAGE);
        }
        if (!message.unknownComprehensionRequired().isEmpty()) {
            return dropped(TurnDropReason.UNKNOWN_ATTRIBUTE_IN_INDICATION);
        }
        Optional<InetSocketAddress> peer = message.xorPeerAddress();
        Optional<byte[]> data = message.data();
        if (peer.isEmpty() || data.isEmpty()) {
            return dropped(TurnDropReason.INCOMPLETE_INDICATION);
        }
        Optional<Allocation> allocation = allocations.byOwner(tuple, now);
        if (allocation.isEmpty()) {
            return ownedElsewhere(tuple).orElseGet(() -> dropped(TurnDropReason.NO_ALLOCATION));
        }
        if (!allocation.get().permits(peer.get().getAddress(), now)) {
            return dropped(TurnDropReason.NO_PERMISSION);
        }
        if (config.peers().closedOwnPort(peer.get())) {
            return dropped(TurnDropReason.CLOSED_OWN_PORT);
        }
        return TurnOutcome.of(new TurnAction.SendToPeer(allocation.get().relay(), peer.get(), data.get()));
    }

    /**
     * A message from a 5-tuple with no allocation here, whose allocation another loop holds: that
     * loop's server answers it. Checked only when this loop has none, so the relay path of an
     * allocation on its own loop never reads the shared registry.
     */
    private Optional<TurnOutcome> ownedElsewhere(FiveTuple tuple) {
        if (allocations.anyByOwner(tuple).isPresent()) {
            return Optional.empty();
        }
        OptionalInt owner = allocations.elsewhere(tuple);
        return owner.isPresent() ? Optional.of(TurnOutcome.of(new TurnAction.HandOff(owner.getAsInt()))) : Optional.empty();
    }

    private TurnOutcome dropped(TurnDropReason reason) {
        drops.merge(reason, 1L, Long::sum);
        return TurnOutcome.drop(reason);
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
