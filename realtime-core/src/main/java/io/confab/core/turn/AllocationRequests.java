package io.confab.core.turn;

import io.confab.core.stun.StunErrorCode;
import io.confab.core.stun.StunClass;
import io.confab.core.stun.StunMessage;
import io.confab.core.stun.StunMessageBuilder;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The four authenticated TURN requests: Allocate (RFC 8656 §7.2, with EVEN-PORT and
 * RESERVATION-TOKEN), Refresh (§8.2), CreatePermission (§10.2) and ChannelBind (§12.2). Each check
 * answers with the error code the RFC names for it, in the RFC's order.
 */
final class AllocationRequests {
    /** IANA protocol number of UDP, the only relayed transport RFC 8656 defines (§18.11). */
    static final int UDP = 17;
    static final int FAMILY_IPV4 = 0x01;

    private final TurnConfig config;
    private final AllocationTable allocations;
    private final RelayPorts ports;
    private final PortReservations reservations;

    /** @param ports and {@code reservations}: shared by every event loop's server */
    AllocationRequests(TurnConfig config, AllocationTable allocations, RelayPorts ports, PortReservations reservations) {
        this.config = config;
        this.allocations = allocations;
        this.ports = ports;
        this.reservations = reservations;
    }

    TurnOutcome allocate(FiveTuple tuple, StunMessage request, LongTermCredentialMechanism.Authenticated auth, Instant now) {
        Optional<Allocation> existing = allocations.anyByOwner(tuple);
        if (existing.isPresent() && existing.get().isLive(now)) {
            // A retransmitted Allocate gets the success again rather than a 437 (§7.2).
            return existing.get().createdBy().equals(request.transactionId())
                    ? TurnOutcome.of(new TurnAction.SendToClient(tuple, allocated(existing.get(), request, auth)))
                    : error(tuple, request, auth, StunErrorCode.ALLOCATION_MISMATCH);
        }
        // An expired allocation not yet swept: close it first, whatever the new request's fate.
        List<TurnAction> actions = new ArrayList<>();
        existing.ifPresent(stale -> actions.add(release(stale)));
        actions.addAll(allocateFresh(tuple, request, auth, now).actions());
        return TurnOutcome.of(actions);
    }

    private TurnOutcome allocateFresh(FiveTuple tuple, StunMessage request, LongTermCredentialMechanism.Authenticated auth, Instant now) {
        OptionalInt transport = request.requestedTransport();
        if (transport.isEmpty()) {
            return error(tuple, request, auth, StunErrorCode.BAD_REQUEST);
        }
        if (transport.getAsInt() != UDP) {
            return error(tuple, request, auth, StunErrorCode.UNSUPPORTED_TRANSPORT_PROTOCOL);
        }
        Optional<byte[]> token = request.reservationToken();
        Optional<Boolean> evenPort = request.evenPortReserveNext();
        OptionalInt family = request.requestedAddressFamily();
        // The reserved address fixes port and family already, so asking for either again is an error (§7.2 step 5).
        if (token.isPresent() && (evenPort.isPresent() || family.isPresent())) {
            return error(tuple, request, auth, new StunErrorCode(400,
                    "Bad Request: RESERVATION-TOKEN with EVEN-PORT or REQUESTED-ADDRESS-FAMILY"));
        }
        if (family.isPresent() && family.getAsInt() != relayFamily()) {
            return error(tuple, request, auth, StunErrorCode.ADDRESS_FAMILY_NOT_SUPPORTED);
        }
        AllocationRegistry.Admission admission = allocations.admit(tuple, auth.account(), config.maxAllocationsPerUser(),
                config.maxAllocations());
        switch (admission.verdict()) {
            case OWNED_ELSEWHERE:
                // Another loop allocated for this 5-tuple a moment ago; its answer (a retransmission or a 437) is there.
                return TurnOutcome.of(new TurnAction.HandOff(admission.holder()));
            case USER_QUOTA:
                return error(tuple, request, auth, StunErrorCode.ALLOCATION_QUOTA_REACHED);
            case TOTAL_QUOTA:
                return error(tuple, request, auth, StunErrorCode.INSUFFICIENT_CAPACITY);
            default:
                break;
        }
        boolean reserveNext = evenPort.orElse(false);
        OptionalInt port = token.isPresent() ? reservations.claim(token.get(), now)
                : reserveNext ? ports.takePair()
                : ports.take(evenPort.isPresent());
        // An unknown, used or lapsed token and an exhausted range are all 508 (§7.2 steps 5 and 6).
        if (port.isEmpty()) {
            allocations.withdraw(tuple, auth.account());
            return error(tuple, request, auth, StunErrorCode.INSUFFICIENT_CAPACITY);
        }
        Optional<byte[]> issued = reserveNext
                ? Optional.of(reservations.hold(port.getAsInt() + 1, now)) : Optional.empty();
        InetSocketAddress relay = new InetSocketAddress(config.relayAddress(), port.getAsInt());
        Allocation allocation = new Allocation(tuple, relay, auth.username(), auth.account(), request.transactionId(),
                now.plus(lifetime(request)), Map.of(), Map.of());
        allocations.add(allocation);
        StunMessageBuilder granted = allocatedBuilder(allocation, request);
        issued.ifPresent(granted::reservationToken);
        return TurnOutcome.of(new TurnAction.OpenRelay(relay, tuple, auth.signing().sign(granted),
                errorBytes(request, auth, StunErrorCode.INSUFFICIENT_CAPACITY)));
    }

    /**
     * The transport could not bind the relay socket: the allocation never existed for the client,
     * which gets the 508 the OpenRelay carried, and the port goes back to the pool.
     */
    TurnOutcome relayUnavailable(TurnAction.OpenRelay open) {
        allocations.anyByOwner(open.owner()).filter(a -> a.relay().equals(open.relay())).ifPresent(stale -> {
            allocations.remove(stale);
            ports.release(stale.relay().getPort());
        });
        return TurnOutcome.of(new TurnAction.SendToClient(open.owner(), open.refused()));
    }

    /** Lapsed reservations give their ports back; called with the allocation sweep. */
    void sweepReservations(Instant now) {
        reservations.sweep(now);
    }

    TurnOutcome refresh(FiveTuple tuple, StunMessage request, LongTermCredentialMechanism.Authenticated auth, Instant now) {
        Optional<Allocation> found = allocations.byOwner(tuple, now);
        if (found.isEmpty()) {
            return error(tuple, request, auth, StunErrorCode.ALLOCATION_MISMATCH);
        }
        if (!found.get().username().equals(auth.username())) {
            return error(tuple, request, auth, StunErrorCode.WRONG_CREDENTIALS);
        }
        OptionalInt family = request.requestedAddressFamily();
        if (family.isPresent() && family.getAsInt() != relayFamily()) {
            return error(tuple, request, auth, StunErrorCode.PEER_ADDRESS_FAMILY_MISMATCH);
        }
        boolean delete = request.lifetime().map(Duration::isZero).orElse(false);
        Duration lifetime = delete ? Duration.ZERO : lifetime(request);
        byte[] response = auth.signing().sign(StunMessageBuilder.answering(request, StunClass.SUCCESS_RESPONSE)
                .lifetime(lifetime));
        if (delete) {
            return TurnOutcome.of(release(found.get()), new TurnAction.SendToClient(tuple, response));
        }
        allocations.update(found.get().expiringAt(now.plus(lifetime)));
        return TurnOutcome.of(new TurnAction.SendToClient(tuple, response));
    }

    TurnOutcome createPermission(FiveTuple tuple, StunMessage request, LongTermCredentialMechanism.Authenticated auth, Instant now) {
        Optional<Allocation> found = owned(tuple, auth, now);
        if (found.isEmpty()) {
            return mismatch(tuple, request, auth, now);
        }
        List<InetSocketAddress> peers = request.xorPeerAddresses();
        if (peers.isEmpty()) {
            return error(tuple, request, auth, StunErrorCode.BAD_REQUEST);
        }
        Optional<StunErrorCode> refused = peers.stream().map(peer -> peerRefusal(peer, false)).flatMap(Optional::stream).findFirst();
        if (refused.isPresent()) {
            return error(tuple, request, auth, refused.get());
        }
        Allocation allocation = found.get();
        for (InetSocketAddress peer : peers) {
            allocation = allocation.withPermission(peer.getAddress(), now.plus(config.permissionLifetime()));
        }
        allocations.update(allocation);
        return TurnOutcome.of(new TurnAction.SendToClient(tuple,
                auth.signing().sign(StunMessageBuilder.answering(request, StunClass.SUCCESS_RESPONSE))));
    }

    TurnOutcome channelBind(FiveTuple tuple, StunMessage request, LongTermCredentialMechanism.Authenticated auth, Instant now) {
        Optional<Allocation> found = owned(tuple, auth, now);
        if (found.isEmpty()) {
            return mismatch(tuple, request, auth, now);
        }
        OptionalInt channel = request.channelNumber();
        Optional<InetSocketAddress> peer = request.xorPeerAddress();
        if (channel.isEmpty() || peer.isEmpty() || !ChannelData.isValidChannel(channel.getAsInt())) {
            return error(tuple, request, auth, new StunErrorCode(400,
                    "Bad Request: needs CHANNEL-NUMBER 0x4000-0x7FFF and XOR-PEER-ADDRESS"));
        }
        Allocation allocation = found.get();
        if (allocation.conflictsWith(channel.getAsInt(), peer.get(), now)) {
            return error(tuple, request, auth, new StunErrorCode(400,
                    "Bad Request: the channel or the peer is already bound to another"));
        }
        Optional<StunErrorCode> refused = peerRefusal(peer.get(), true);
        if (refused.isPresent()) {
            return error(tuple, request, auth, refused.get());
        }
        allocations.update(allocation
                .withChannel(new ChannelBinding(channel.getAsInt(), peer.get(), now.plus(config.channelLifetime())))
                .withPermission(peer.get().getAddress(), now.plus(config.permissionLifetime())));
        return TurnOutcome.of(new TurnAction.SendToClient(tuple,
                auth.signing().sign(StunMessageBuilder.answering(request, StunClass.SUCCESS_RESPONSE))));
    }

    /** Frees the port and tells the transport to close the relay socket. */
    TurnAction release(Allocation allocation) {
        allocations.remove(allocation);
        ports.release(allocation.relay().getPort());
        return new TurnAction.CloseRelay(allocation.relay());
    }

    private Optional<Allocation> owned(FiveTuple tuple, LongTermCredentialMechanism.Authenticated auth, Instant now) {
        return allocations.byOwner(tuple, now).filter(a -> a.username().equals(auth.username()));
    }

    private TurnOutcome mismatch(FiveTuple tuple, StunMessage request, LongTermCredentialMechanism.Authenticated auth, Instant now) {
        boolean otherUser = allocations.byOwner(tuple, now).isPresent();
        return error(tuple, request, auth, otherUser ? StunErrorCode.WRONG_CREDENTIALS : StunErrorCode.ALLOCATION_MISMATCH);
    }

    /** @param port whether the port counts: a channel binds one peer port, a permission covers them all (§9) */
    private Optional<StunErrorCode> peerRefusal(InetSocketAddress peer, boolean port) {
        if (peer.getAddress() instanceof Inet4Address != (relayFamily() == FAMILY_IPV4)) {
            return Optional.of(StunErrorCode.PEER_ADDRESS_FAMILY_MISMATCH);
        }
        boolean permitted = port ? config.peers().permits(peer) : config.peers().permits(peer.getAddress());
        return permitted ? Optional.empty() : Optional.of(StunErrorCode.FORBIDDEN);
    }

    /** max(default, min(requested, max)) (§7.2): a client may ask for more, never for less than the default. */
    private Duration lifetime(StunMessage request) {
        Duration requested = request.lifetime().orElse(config.defaultLifetime());
        Duration capped = requested.compareTo(config.maxLifetime()) > 0 ? config.maxLifetime() : requested;
        return capped.compareTo(config.defaultLifetime()) < 0 ? config.defaultLifetime() : capped;
    }

    private int relayFamily() {
        return config.relayAddress() instanceof Inet4Address ? FAMILY_IPV4 : 0x02;
    }

    private byte[] allocated(Allocation allocation, StunMessage request, LongTermCredentialMechanism.Authenticated auth) {
        return auth.signing().sign(allocatedBuilder(allocation, request));
    }

    private StunMessageBuilder allocatedBuilder(Allocation allocation, StunMessage request) {
        return StunMessageBuilder.answering(request, StunClass.SUCCESS_RESPONSE)
                .xorRelayedAddress(allocation.relay())
                .lifetime(lifetime(request))
                .xorMappedAddress(allocation.owner().client());
    }

    private TurnOutcome error(FiveTuple tuple, StunMessage request, LongTermCredentialMechanism.Authenticated auth, StunErrorCode code) {
        return TurnOutcome.of(new TurnAction.SendToClient(tuple, errorBytes(request, auth, code)));
    }

    private static byte[] errorBytes(StunMessage request, LongTermCredentialMechanism.Authenticated auth, StunErrorCode code) {
        return auth.signing().sign(StunMessageBuilder.answering(request, StunClass.ERROR_RESPONSE).errorCode(code));
    }
}
