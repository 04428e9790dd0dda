package io.confab.core.stun;

import io.confab.core.wire.NetworkOrder;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The address attribute value (RFC 8489 §14.1 MAPPED-ADDRESS, §14.2 XOR-MAPPED-ADDRESS, used
 * unchanged by XOR-PEER-ADDRESS and XOR-RELAYED-ADDRESS in RFC 8656 §18). The XOR form masks the
 * port with the cookie's top 16 bits and the address with the cookie (IPv4) or cookie and
 * transaction ID (IPv6), so NATs that rewrite addresses in payloads leave it alone.
 */
public final class StunAddress {
    static final int FAMILY_IPV4 = 0x01;
    static final int FAMILY_IPV6 = 0x02;

    private StunAddress() {
    }

    public static byte[] encode(InetSocketAddress address) {
        return write(address, null);
    }

    public static byte[] encodeXor(InetSocketAddress address, TransactionId transactionId) {
        return write(address, transactionId);
    }

    /** Empty when the value is not an address; the parser has already refused such values. */
    public static Optional<InetSocketAddress> decode(byte[] value) {
        return read(value, null);
    }

    public static Optional<InetSocketAddress> decodeXor(byte[] value, TransactionId transactionId) {
        return read(value, transactionId);
    }

    static boolean isWellFormed(byte[] value) {
        return value.length >= 4 && ((value[1] == FAMILY_IPV4 && value.length == 8)
                || (value[1] == FAMILY_IPV6 && value.length == 20));
    }

    private static byte[] write(InetSocketAddress address, TransactionId xorWith) {
        byte[] ip = address.getAddress().getAddress();
        ByteBuffer out = ByteBuffer.allocate(4 + ip.length);
        out.put((byte) 0);
        out.put((byte) (ip.length == 4 ? FAMILY_IPV4 : FAMILY_IPV6));
        int port = address.getPort();
        out.putShort((short) (xorWith == null ? port : port ^ (StunDecoder.MAGIC_COOKIE >>> 16)));
        if (xorWith != null) {
            mask(ip, xorWith);
        }
        out.put(ip);
        return out.array();
    }

    private static Optional<InetSocketAddress> read(byte[] value, TransactionId xorWith) {
        if (value == null || !isWellFormed(value)) {
            return Optional.empty();
        }
        int port = NetworkOrder.readShort(value, 2);
        byte[] ip = new byte[value.length - 4];
        System.arraycopy(value, 4, ip, 0, ip.length);
        if (xorWith != null) {
            port ^= StunDecoder.MAGIC_COOKIE >>> 16;
            mask(ip, xorWith);
        }
        try {
            InetAddress address = ip.length == 4 ? Inet4Address.getByAddress(ip) : InetAddress.getByAddress(ip);
            return Optional.of(new InetSocketAddress(address, port));
        } catch (UnknownHostException impossible) {
            return Optional.empty();
        }
    }

    private static void mask(byte[] ip, TransactionId transactionId) {
        for (int i = 0; i < ip.length; i++) {
            int key = i < 4 ? (StunDecoder.MAGIC_COOKIE >>> (24 - 8 * i)) & 0xFF : transactionId.get(i - 4) & 0xFF;
            ip[i] ^= (byte) key;
        }
    }
}
