package io.confab.core.sfu.sdp;

import java.util.List;

/**
 * Writes the SFU's SDP, line by line with CRLF (RFC 8866 §5). Holds the parts the publish answer
 * and the subscribe offer share: the session header and each m-section's transport attributes.
 */
final class SdpWriter {
    private final StringBuilder text = new StringBuilder(4096);

    SdpWriter line(char type, String value) {
        text.append(type).append('=').append(value).append("\r\n");
        return this;
    }

    SdpWriter attribute(String name) {
        return line('a', name);
    }

    SdpWriter attribute(String name, String value) {
        return line('a', name + ":" + value);
    }

    /**
     * v=, o=, s=, t= and the session attributes. The SFU is ICE-lite (RFC 8445 §2.5); the address
     * in o= is not used by anyone (RFC 8829 §5.2.1 writes 0.0.0.0 too).
     */
    SdpWriter session(long sessionId, long version, List<String> bundleMids) {
        line('v', "0");
        line('o', "- " + sessionId + " " + version + " IN IP4 0.0.0.0");
        line('s', "-");
        line('t', "0 0");
        attribute("ice-lite");
        if (!bundleMids.isEmpty()) {
            attribute("group", new Group(Group.BUNDLE, bundleMids).toSdpValue());
        }
        return this;
    }

    /**
     * The m-line and transport of one m-section. Port 9 with 0.0.0.0 is JSEP's placeholder
     * (RFC 8829 §5.2.1): the address is in the candidates, which go in the first bundled section
     * only, since the bundle has one transport (RFC 8843 §7.2, RFC 8840 §4.2).
     */
    SdpWriter mediaSection(String media, String protocol, List<String> formats, String mid, LocalTransport local,
                           SetupRole setup, boolean withCandidates) {
        line('m', media + " 9 " + protocol + " " + String.join(" ", formats));
        line('c', "IN IP4 0.0.0.0");
        attribute("ice-ufrag", local.iceUfrag());
        attribute("ice-pwd", local.icePwd());
        attribute("fingerprint", local.fingerprint().toSdp());
        attribute("setup", setup.token());
        attribute("mid", mid);
        if (withCandidates) {
            for (int i = 0; i < local.candidates().size(); i++) {
                attribute("candidate", local.candidates().get(i).toSdpValue(i));
            }
            attribute("end-of-candidates");
        }
        return this;
    }

    /** A section turned down with port 0 (RFC 3264 §6), keeping its mid so the offerer can match it. */
    SdpWriter rejectedSection(String media, String protocol, List<String> formats, String mid) {
        line('m', media + " 0 " + protocol + " " + (formats.isEmpty() ? "0" : formats.get(0)));
        line('c', "IN IP4 0.0.0.0");
        attribute("mid", mid);
        return this;
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
