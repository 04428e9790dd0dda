package io.confab.core.http;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The program's decisions, run by a small classic BPF interpreter of the opcodes it uses over
 * hand-built IPv4 and IPv6 segments (the kernel itself runs it in {@code SynDropTest}).
 */
class SynFilterProgramTest {

    private static final int SYN = 0x02;
    private static final int ACK = 0x10;

    /** What the kernel's filter sees for a TCP segment: the IP header (through SKF_NET_OFF) and the TCP header at 0. */
    private record Segment(byte[] ip, byte[] tcp) {
    }

    private static Segment segment(String source, int flags) throws Exception {
        byte[] address = InetAddress.getByName(source).getAddress();
        byte[] ip;
        if (address.length == 4) {
            ip = new byte[20];
            ip[0] = 0x45;
            System.arraycopy(address, 0, ip, 12, 4);
        } else {
            ip = new byte[40];
            ip[0] = 0x60;
            System.arraycopy(address, 0, ip, 8, 16);
        }
        byte[] tcp = new byte[20];
        tcp[12] = 0x50;
        tcp[13] = (byte) flags;
        return new Segment(ip, tcp);
    }

    /** Bytes to keep (0: dropped), as the kernel's classic BPF interpreter would return them. */
    private static long run(SynFilterProgram program, Segment segment) {
        List<SynFilterProgram.Instruction> code = program.instructions();
        long a = 0;
        long[] memory = new long[16];
        int pc = 0;
        for (int steps = 0; steps < 100_000; steps++) {
            SynFilterProgram.Instruction i = code.get(pc++);
            switch (i.code()) {
                case SynFilterProgram.LD_B_ABS -> a = load(segment, i.k(), 1);
                case SynFilterProgram.LD_W_ABS -> a = load(segment, i.k(), 4);
                case SynFilterProgram.LD_MEM -> a = memory[i.k()];
                case SynFilterProgram.ST -> memory[i.k()] = a;
                case SynFilterProgram.AND_K -> a &= i.k() & 0xffff_ffffL;
                case SynFilterProgram.RSH_K -> a >>>= i.k();
                case SynFilterProgram.JEQ_K -> pc += a == (i.k() & 0xffff_ffffL) ? i.jt() : i.jf();
                case SynFilterProgram.JA -> pc += i.k();
                case SynFilterProgram.RET_K -> {
                    return i.k() & 0xffff_ffffL;
                }
                default -> throw new AssertionError("opcode the interpreter does not know: " + i);
            }
        }
        throw new AssertionError("the program did not return");
    }

    private static long load(Segment segment, int k, int size) {
        byte[] from = k < 0 ? segment.ip() : segment.tcp();
        int offset = k < 0 ? k - SynFilterProgram.NET : k;
        ByteBuffer bytes = ByteBuffer.wrap(from);
        return size == 1 ? bytes.get(offset) & 0xff : bytes.getInt(offset) & 0xffff_ffffL;
    }

    private static DroppedSource ipv4(String address) throws Exception {
        return new DroppedSource(true, ByteBuffer.wrap(InetAddress.getByName(address).getAddress()).getInt() & 0xffff_ffffL, 60_000);
    }

    private static DroppedSource ipv6Prefix(String address) throws Exception {
        return new DroppedSource(false, ByteBuffer.wrap(InetAddress.getByName(address).getAddress()).getLong(), 60_000);
    }

    @Test
    void dropsConnectionRequestsFromListedIpv4AddressesOnly() throws Exception {
        SynFilterProgram program = SynFilterProgram.dropping(List.of(ipv4("127.0.100.7"), ipv4("203.0.113.200")));
        assertEquals(0, run(program, segment("127.0.100.7", SYN)));
        assertEquals(0, run(program, segment("203.0.113.200", SYN)), "an address above 127.255.255.255 (negative as an int)");
        assertEquals(0, run(program, segment("203.0.113.200", SYN | 0xc0)), "a SYN asking for ECN is still a SYN");
        assertEquals(0xffff_ffffL, run(program, segment("127.0.100.8", SYN)));
        assertEquals(0xffff_ffffL, run(program, segment("127.0.0.1", SYN)));
        assertEquals(0xffff_ffffL, run(program, segment("127.0.100.7", ACK)),
                "segments of connections that exist pass: accepted sockets inherit the filter");
        assertEquals(0xffff_ffffL, run(program, segment("127.0.100.7", SYN | ACK)));
    }

    @Test
    void dropsConnectionRequestsFromListedIpv6PrefixesOnly() throws Exception {
        SynFilterProgram program = SynFilterProgram.dropping(List.of(ipv6Prefix("2001:db8:1:2::"), ipv4("127.0.100.7"),
                ipv6Prefix("fe80::")));
        assertEquals(0, run(program, segment("2001:db8:1:2:aaaa:bbbb:cccc:dddd", SYN)), "any host of the /64");
        assertEquals(0, run(program, segment("fe80::1", SYN)));
        assertEquals(0xffff_ffffL, run(program, segment("2001:db8:1:3::1", SYN)), "the next /64");
        assertEquals(0xffff_ffffL, run(program, segment("2001:db9:1:2::1", SYN)), "same low half, other high half");
        assertEquals(0xffff_ffffL, run(program, segment("::1", SYN)));
        assertEquals(0xffff_ffffL, run(program, segment("2001:db8:1:2::1", ACK)));
        assertEquals(0, run(program, segment("127.0.100.7", SYN)), "IPv4 entries beside IPv6 ones");
        assertEquals(0xffff_ffffL, run(program, segment("127.0.100.1", SYN)));
    }

    @Test
    void anEmptyListDropsNothing() throws Exception {
        SynFilterProgram program = SynFilterProgram.dropping(List.of());
        assertEquals(0xffff_ffffL, run(program, segment("127.0.100.7", SYN)));
        assertEquals(0xffff_ffffL, run(program, segment("::1", SYN)));
    }

    @Test
    void theLargestListFitsClassicBpfWithEveryEntryReachable() throws Exception {
        List<DroppedSource> sources = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            sources.add(ipv6Prefix("2001:db8:" + Integer.toHexString(i) + "::"));
        }
        SynFilterProgram program = SynFilterProgram.dropping(sources);
        assertTrue(program.instructions().size() <= SynFilterProgram.MAX_INSTRUCTIONS, program.instructions().size() + " instructions");
        assertEquals(0, run(program, segment("2001:db8:ff::9", SYN)), "the last entry");
        assertEquals(0, run(program, segment("2001:db8:0::9", SYN)), "the first entry");
        assertEquals(0xffff_ffffL, run(program, segment("2001:db8:100::9", SYN)));
    }

    @Test
    void jumpOffsetsOutsideClassicBpfAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SynFilterProgram.Instruction(SynFilterProgram.JEQ_K, 256, 0, 0));
    }

    @Test
    void encodesStructSockFilterInTheGivenOrder() {
        SynFilterProgram program = new SynFilterProgram(List.of(new SynFilterProgram.Instruction(SynFilterProgram.JEQ_K, 1, 2,
                0x0a0b0c0d)));
        assertEquals(List.of((byte) 0x15, (byte) 0x00, (byte) 1, (byte) 2, (byte) 0x0d, (byte) 0x0c, (byte) 0x0b, (byte) 0x0a),
                toList(program.toSockFilters(java.nio.ByteOrder.LITTLE_ENDIAN)));
    }

    private static List<Byte> toList(byte[] bytes) {
        List<Byte> list = new ArrayList<>();
        for (byte b : bytes) {
            list.add(b);
        }
        return list;
    }
}
