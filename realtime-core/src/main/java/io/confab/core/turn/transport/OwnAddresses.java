package io.confab.core.turn.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.HashSet;
import java.util.Set;

/** The addresses this host answers on, as far as a TURN relay could reach them (see {@code PeerPolicy}). */
public final class OwnAddresses {
    private OwnAddresses() {
    }

    /**
     * The bound address, the announced one, and every interface's: a service of this host bound to
     * a wildcard answers on all of them, whichever one TURN itself is bound to.
     */
    public static Set<InetAddress> of(String host, String announced) throws IOException {
        Set<InetAddress> own = new HashSet<>();
        InetAddress bound = InetAddress.getByName(host);
        own.add(bound);
        if (announced != null && announced.matches("[0-9A-Fa-f:.]+")) {
            own.add(InetAddress.getByName(announced));
        }
        for (NetworkInterface nic : java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
            own.addAll(java.util.Collections.list(nic.getInetAddresses()));
        }
        return own;
    }
}
