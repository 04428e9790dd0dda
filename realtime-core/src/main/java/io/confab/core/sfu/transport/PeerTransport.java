package io.confab.core.sfu.transport;

import io.confab.core.sfu.dtls.DtlsCertificate;
import io.confab.core.sfu.dtls.DtlsHandshakeResult;
import io.confab.core.sfu.dtls.DtlsParameters;
import io.confab.core.sfu.dtls.DtlsRole;
import io.confab.core.sfu.dtls.DtlsSession;
import io.confab.core.sfu.dtls.Fingerprint;
import io.confab.core.sfu.ice.IceCredentials;
import io.confab.core.sfu.ice.IceTransportKey;
import io.confab.core.sfu.srtp.DtlsSrtpKeys;
import io.confab.core.sfu.srtp.InboundSrtpSession;
import io.confab.core.sfu.srtp.OutboundSrtpSession;
import io.confab.core.sfu.srtp.SrtpFailure;
import io.confab.core.sfu.srtp.SrtpProfile;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * One RTCPeerConnection's transport as the SFU holds it: ICE (which addresses proved themselves
 * with a check, which one the browser nominated), DTLS (handshake on a side thread, keys back on
 * the media thread) and SRTP (in and out). Everything but the handshake runs on the media thread.
 *
 * <pre>
 * check ok ──▶ address bound ──▶ DTLS handshake ──▶ SECURE: SRTP in ▶ listener, listener ▶ SRTP out
 * </pre>
 */
public final class PeerTransport implements IceTransportKey {

    /** What the owner of a transport hears from it, always on the media thread. */
    public interface Listener {
        /** A decrypted RTP packet in {@code buffer[0, length)}; the buffer is reused afterwards. */
        void onRtp(PeerTransport transport, byte[] buffer, int length, long nowNanos);

        /** A decrypted compound RTCP packet. */
        void onRtcp(PeerTransport transport, byte[] buffer, int length, long nowNanos);

        /** The DTLS handshake finished: media can flow both ways. */
        void onSecure(PeerTransport transport);

        /** The transport is over (handshake failed, consent expired, peer closed). */
        void onClosed(PeerTransport transport, String reason);
    }

    public enum State { NEW, CONNECTING, SECURE, CLOSED }

    private final String name;
    private final IceCredentials local;
    private final MediaSocket port;
    private final TransportRoutes routes;
    private final DtlsCertificate certificate;
    private final Executor handshakes;
    private final Duration handshakeTimeout;
    private final Listener listener;
    private final Set<InetSocketAddress> addresses = new HashSet<>();
    private final TransportCounters counters;

    private String remoteUfrag;
    private Fingerprint remoteFingerprint;
    private DtlsRole role;
    private InetSocketAddress selected;
    private boolean nominated;
    private long lastConsentNanos;
    private DtlsSession dtls;
    private InboundSrtpSession inbound;
    private OutboundSrtpSession outbound;
    private SrtpProfile profile;
    private State state = State.NEW;

    public PeerTransport(String name, IceCredentials local, MediaSocket port, TransportRoutes routes,
                         DtlsCertificate certificate, Executor handshakes, Duration handshakeTimeout,
                         TransportCounters counters, Listener listener) {
        this.name = name;
        this.local = local;
        this.port = port;
        this.routes = routes;
        this.certificate = certificate;
        this.handshakes = handshakes;
        this.handshakeTimeout = handshakeTimeout;
        this.counters = counters;
        this.listener = listener;
        this.lastConsentNanos = System.nanoTime();
    }

    @Override
    public IceCredentials local() {
        return local;
    }

    @Override
    public String remoteUfrag() {
        return remoteUfrag;
    }

    public String name() {
        return name;
    }

    public State state() {
        return state;
    }

    public SrtpProfile profile() {
        return profile;
    }

    public InetSocketAddress selectedAddress() {
        return selected;
    }

    /**
     * What the remote SDP says about the other end: its ufrag, its certificate's fingerprint and
     * which DTLS role we play. Checks may arrive before this; the handshake waits for both.
     */
    public void remote(String ufrag, Fingerprint fingerprint, DtlsRole ourRole) {
        if (state == State.CLOSED) {
            return;
        }
        if (dtls != null && (!fingerprint.equals(remoteFingerprint) || ourRole != role)) {
            // A re-offer on the same transport keeps its DTLS association (RFC 8842 §5); a changed
            // certificate there would be an attack or an ICE restart we do not support.
            counters.renegotiationMismatches.increment();
            return;
        }
        this.remoteUfrag = ufrag;
        this.remoteFingerprint = fingerprint;
        this.role = ourRole;
        maybeStartDtls();
    }

    /** A valid connectivity check arrived from {@code from}. */
    public void onCheck(InetSocketAddress from, boolean useCandidate, long nowNanos) {
        if (state == State.CLOSED) {
            return;
        }
        lastConsentNanos = nowNanos;
        if (addresses.add(from)) {
            routes.bind(from, this);
        }
        // Until the browser nominates, answer on the latest address that checked; after, on the nominated one.
        if (useCandidate || !nominated) {
            selected = from;
            nominated |= useCandidate;
        }
        maybeStartDtls();
    }

    private void maybeStartDtls() {
        if (dtls != null || selected == null || remoteFingerprint == null) {
            return;
        }
        state = State.CONNECTING;
        DtlsParameters parameters = new DtlsParameters(role, certificate, remoteFingerprint,
                DtlsParameters.WEBRTC_PROFILES, handshakeTimeout);
        dtls = new DtlsSession(parameters, datagram -> port.execute(() -> sendDtls(datagram)), handshakes);
        dtls.handshake().whenComplete((result, failure) -> port.execute(() -> {
            if (failure != null) {
                counters.handshakesFailed.increment();
                close("DTLS handshake failed: " + rootMessage(failure));
            } else {
                secure(result);
            }
        }));
        dtls.closed().thenAccept(reason -> port.execute(() -> close("DTLS closed: " + reason)));
        dtls.start();
    }

    private void sendDtls(byte[] datagram) {
        if (state != State.CLOSED && selected != null) {
            port.send(datagram, 0, datagram.length, selected);
        }
    }

    private void secure(DtlsHandshakeResult result) {
        if (state == State.CLOSED) {
            return;
        }
        profile = result.profile();
        DtlsSrtpKeys keys = DtlsSrtpKeys.split(profile, result.keyingMaterial(), result.role() == DtlsRole.CLIENT);
        inbound = keys.inbound();
        outbound = keys.outbound();
        state = State.SECURE;
        counters.secured.increment();
        listener.onSecure(this);
    }

    /** A DTLS record from this transport's peer. */
    public void onDtls(byte[] buffer, int length) {
        if (dtls == null) {
            counters.dtlsBeforeStart.increment();
            return;
        }
        dtls.receive(buffer, 0, length);
    }

    /** An SRTP or SRTCP packet from this transport's peer: decrypted in place and handed on. */
    public void onSrtp(byte[] buffer, int length, long nowNanos) {
        if (state != State.SECURE) {
            counters.srtpBeforeKeys.increment();
            return;
        }
        if (length < 12) {
            counters.malformedSrtp.increment();
            return;
        }
        int packetType = buffer[1] & 0xFF;
        // RFC 5761 §4: RTCP packet types 192..223 sit where an RTP marker bit and payload type 64..95 would.
        boolean rtcp = packetType >= 192 && packetType <= 223;
        int plain = rtcp ? inbound.unprotectRtcp(buffer, 0, length) : inbound.unprotectRtp(buffer, 0, length);
        if (SrtpFailure.isFailure(plain)) {
            counters.srtpFailure(SrtpFailure.of(plain));
            return;
        }
        if (rtcp) {
            listener.onRtcp(this, buffer, plain, nowNanos);
        } else {
            listener.onRtp(this, buffer, plain, nowNanos);
        }
    }

    /** Encrypts the plaintext RTP packet in {@code buffer[offset, offset+length)} in place and sends it. */
    public boolean sendRtp(byte[] buffer, int offset, int length) {
        return sendRtp(buffer, offset, length, buffer, offset);
    }

    /**
     * Encrypts the plaintext RTP packet in {@code plain[0, length)} into {@code out} from index 0 and
     * sends it; {@code plain} stays in clear (it may be a NACK history slot). With {@code plain ==
     * out} this is {@link #sendRtp(byte[], int, int)} at offset 0.
     */
    public boolean sendRtp(byte[] plain, int length, byte[] out) {
        return sendRtp(plain, 0, length, out, 0);
    }

    private boolean sendRtp(byte[] plain, int offset, int length, byte[] out, int outOffset) {
        if (state != State.SECURE) {
            return false;
        }
        int protectedLength = outbound.protectRtp(plain, offset, length, out, outOffset);
        if (SrtpFailure.isFailure(protectedLength)) {
            counters.srtpFailure(SrtpFailure.of(protectedLength));
            return false;
        }
        port.send(out, outOffset, protectedLength, selected);
        return true;
    }

    /** As {@link #sendRtp}, for a compound RTCP packet. */
    public boolean sendRtcp(byte[] buffer, int offset, int length) {
        if (state != State.SECURE) {
            return false;
        }
        int protectedLength = outbound.protectRtcp(buffer, offset, length);
        if (SrtpFailure.isFailure(protectedLength)) {
            counters.srtpFailure(SrtpFailure.of(protectedLength));
            return false;
        }
        port.send(buffer, offset, protectedLength, selected);
        return true;
    }

    /** Consent freshness (RFC 7675): no check within {@code timeout} means the browser is gone. */
    public boolean consentExpired(long nowNanos, Duration timeout) {
        return state != State.CLOSED && nowNanos - lastConsentNanos > timeout.toNanos();
    }

    /** Another transport took over {@code address} (the browser reused a port for a new connection). */
    void lostAddress(InetSocketAddress address) {
        addresses.remove(address);
        if (address.equals(selected)) {
            selected = addresses.isEmpty() ? null : addresses.iterator().next();
        }
    }

    /** Tears the transport down at once; idempotent. */
    public void close(String reason) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        for (InetSocketAddress address : addresses) {
            routes.unbind(address, this);
        }
        addresses.clear();
        if (dtls != null) {
            dtls.close();
        }
        listener.onClosed(this, reason);
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }

    @Override
    public String toString() {
        return name + "[" + state + (selected == null ? "" : " " + selected) + "]";
    }
}
