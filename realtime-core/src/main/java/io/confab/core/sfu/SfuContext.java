package io.confab.core.sfu;

import io.confab.core.sfu.dtls.DtlsCertificate;
import io.confab.core.sfu.ice.IceCredentials;
import io.confab.core.sfu.ice.IceLiteAgent;
import io.confab.core.sfu.rtp.RtpHeaderWriter;
import io.confab.core.sfu.rtp.RtpPacket;
import io.confab.core.sfu.transport.MediaSocket;
import io.confab.core.sfu.transport.PeerTransport;
import io.confab.core.sfu.transport.TransportCounters;
import io.confab.core.sfu.transport.TransportRoutes;
import io.confab.ingest.MediaTap;
import io.confab.ingest.TappedPacket;
import io.confab.media.vp8.Vp8PayloadDescriptor;

import java.util.concurrent.ExecutorService;
import java.util.function.Predicate;

/**
 * What every conference on this SFU shares: the port, the ICE agent and address routes, the DTLS
 * certificate, the signaling callbacks, the Kafka tap, the counters, and the scratch buffers the
 * packet path reuses. One per media thread: what is here is touched by that thread alone (the
 * config, certificate, handshake pool, signals and tap are shared and safe from any thread).
 */
final class SfuContext {

    final SfuConfig config;
    final MediaSocket port;
    final IceLiteAgent ice;
    final TransportRoutes routes;
    final TransportCounters transportCounters;
    final DtlsCertificate certificate;
    final ExecutorService handshakes;
    final SfuSignals signals;
    final MediaTap tap;
    final SfuCounters counters = new SfuCounters();
    final ForwardingDelay forwardingDelay = new ForwardingDelay();

    // Scratch space of the media thread.
    final RtpPacket inbound = new RtpPacket();
    final RtpPacket outboundView = new RtpPacket();
    final Vp8PayloadDescriptor vp8 = new Vp8PayloadDescriptor();
    final Vp8PayloadDescriptor vp8Out = new Vp8PayloadDescriptor();
    final RtpHeaderWriter writer = new RtpHeaderWriter();
    final byte[] out = new byte[MediaSocket.MAX_DATAGRAM + MediaSocket.SPARE];
    final byte[] retransmit = new byte[MediaSocket.MAX_DATAGRAM + MediaSocket.SPARE];
    final byte[] rtcp = new byte[MediaSocket.MAX_DATAGRAM + MediaSocket.SPARE];
    final byte[] absSendTime = new byte[3];
    /** Zeros a probe packet's padding is copied from; its count byte is written after. */
    final byte[] padding = new byte[Downlink.PADDING_BYTES];
    final int[] sequenceNumbers = new int[512];
    /** The packet paths over the scratch space above; built last, from it. */
    final PacketPaths paths;

    SfuContext(SfuConfig config, MediaSocket port, IceLiteAgent ice, TransportRoutes routes, TransportCounters transportCounters,
               DtlsCertificate certificate, ExecutorService handshakes, SfuSignals signals, MediaTap tap) {
        this.config = config;
        this.port = port;
        this.ice = ice;
        this.routes = routes;
        this.transportCounters = transportCounters;
        this.certificate = certificate;
        this.handshakes = handshakes;
        this.signals = signals;
        this.tap = tap;
        Predicate<TappedPacket> offer = tap == null ? null : tap::offer;
        this.paths = new PacketPaths(this, offer);
    }

    PeerTransport newTransport(String name, PeerTransport.Listener listener) {
        PeerTransport transport = new PeerTransport(name, IceCredentials.random(), port, routes, certificate, handshakes,
                config.handshakeTimeout(), transportCounters, listener);
        ice.register(transport);
        return transport;
    }
}
