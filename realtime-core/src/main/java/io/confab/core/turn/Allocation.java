package io.confab.core.turn;

import io.confab.core.stun.TransactionId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One client's relayed transport address and what it may reach (RFC 8656 §2.2): the 5-tuple that
 * owns it, the user who made it (later requests must come from the same user, §7.2), the account
 * its quota counts against (one for all of a TURN REST user's ephemeral names), its expiry,
 * permissions by peer IP (ports do not matter, §9) and channel bindings. Immutable: each change
 * makes a new value, so a transport thread reading it never sees half an update.
 */
public record Allocation(FiveTuple owner, InetSocketAddress relay, String username, String account,
                         TransactionId createdBy, Instant expiresAt,
                         Map<InetAddress, Instant> permissions, Map<Integer, ChannelBinding> channels) {

    public Allocation {
        permissions = Map.copyOf(permissions);
        channels = Map.copyOf(channels);
    }

    boolean isLive(Instant now) {
        return now.isBefore(expiresAt);
    }

    boolean permits(InetAddress peer, Instant now) {
        Instant until = permissions.get(peer);
        return until != null && now.isBefore(until);
    }

    Optional<ChannelBinding> channel(int number, Instant now) {
        return Optional.ofNullable(channels.get(number)).filter(b -> b.isLive(now));
    }

    /** The live binding with this number, or null; on the relay path, which allocates nothing it can avoid. */
    ChannelBinding liveChannel(int number, Instant now) {
        ChannelBinding binding = channels.get(number);
        return binding != null && binding.isLive(now) ? binding : null;
    }

    /** The live binding to this peer, or null. An allocation has a few channels at most, so a scan is the quickest. */
    ChannelBinding liveChannelFor(InetSocketAddress peer, Instant now) {
        for (ChannelBinding binding : channels.values()) {
            if (binding.peer().equals(peer) && binding.isLive(now)) {
                return binding;
            }
        }
        return null;
    }

    /** Whether binding this channel to this peer would break a live or held pairing (RFC 8656 §12.2). */
    boolean conflictsWith(int channel, InetSocketAddress peer, Instant now) {
        return channels.values().stream().filter(b -> b.isHeld(now))
                .anyMatch(b -> (b.channel() == channel) != b.peer().equals(peer));
    }

    Allocation expiringAt(Instant expiry) {
        return new Allocation(owner, relay, username, account, createdBy, expiry, permissions, channels);
    }

    Allocation withPermission(InetAddress peer, Instant until) {
        Map<InetAddress, Instant> next = new HashMap<>(permissions);
        next.put(peer, until);
        return new Allocation(owner, relay, username, account, createdBy, expiresAt, next, channels);
    }

    Allocation withChannel(ChannelBinding binding) {
        Map<Integer, ChannelBinding> next = new HashMap<>(channels);
        next.put(binding.channel(), binding);
        return new Allocation(owner, relay, username, account, createdBy, expiresAt, permissions, next);
    }

    /** Drops permissions that have run out and bindings past their hold. */
    Allocation pruned(Instant now) {
        Map<InetAddress, Instant> livePermissions = new HashMap<>(permissions);
        livePermissions.values().removeIf(until -> !now.isBefore(until));
        Map<Integer, ChannelBinding> liveChannels = new HashMap<>(channels);
        liveChannels.values().removeIf(binding -> !binding.isHeld(now));
        return new Allocation(owner, relay, username, account, createdBy, expiresAt, livePermissions, liveChannels);
    }
}
