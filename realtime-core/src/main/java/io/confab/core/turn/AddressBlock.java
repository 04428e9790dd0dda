package io.confab.core.turn;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/** A CIDR block such as 10.0.0.0/8 or fe80::/10, for the peer allow and deny lists. */
public record AddressBlock(InetAddress network, int prefixLength) {

    public AddressBlock {
        Objects.requireNonNull(network, "network");
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix /" + prefixLength + " on a " + bits + "-bit address");
        }
    }

    /**
     * Parses "address/prefix" (or a bare address, a /32 or /128). Only literal addresses are
     * accepted, so configuration never triggers a DNS lookup.
     *
     * @throws IllegalArgumentException naming the text when it is not a block
     */
    public static AddressBlock parse(String text) {
        String[] parts = text.trim().split("/", -1);
        if (parts.length > 2 || !parts[0].matches("[0-9A-Fa-f:.]+")) {
            throw new IllegalArgumentException("not an address block: '" + text + "'");
        }
        try {
            InetAddress network = InetAddress.getByName(parts[0]);
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : network.getAddress().length * 8;
            return new AddressBlock(network, prefix);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("not an address block: '" + text + "'", e);
        }
    }

    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        byte[] base = network.getAddress();
        if (candidate.length != base.length) {
            return false;
        }
        int whole = prefixLength / 8;
        for (int i = 0; i < whole; i++) {
            if (candidate[i] != base[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (candidate[whole] & mask) == (base[whole] & mask);
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }
}
